package io.ebbflow.rm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.rm.WorkerPlanner.Demand;
import io.ebbflow.rm.WorkerPlanner.Plan;
import io.ebbflow.rm.WorkerPlanner.State;
import io.ebbflow.rm.WorkerPlanner.Stop;
import io.ebbflow.rm.WorkerPlanner.TaskExecutorUse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The worker planner on manual time: when workers are started and stopped, and how failures back off. */
class WorkerPlannerTest {

    private static final Duration IDLE = Duration.ofSeconds(30);
    private static final Duration REGISTRATION = Duration.ofSeconds(60);
    private static final Duration RETRY = Duration.ofSeconds(3);
    private static final Duration MAX_RETRY = Duration.ofSeconds(20);

    private int ids;
    private long now = 1_000_000;
    /** The registered TaskExecutors as the slot manager would report them. */
    private final Map<String, TaskExecutorUse> registered = new TreeMap<>();

    private WorkerPlanner planner(int slotsPerWorker, int max) {
        return new WorkerPlanner(new WorkerPlanner.Settings("process", slotsPerWorker, max, IDLE, REGISTRATION, RETRY,
                MAX_RETRY), () -> "w" + (++ids));
    }

    private Plan plan(WorkerPlanner p, int declared) {
        return p.plan(new Demand(declared, new TreeMap<>(registered), false), now);
    }

    /** Starts every worker of the plan and registers its TaskExecutor with all slots free. */
    private void startAndRegister(WorkerPlanner p, Plan plan, int slots) {
        for (String id : plan.start()) {
            p.started(id, "pid-" + id);
            registered.put(id, new TaskExecutorUse(slots, true));
        }
    }

    @Test
    void requestsWhatTheDeclaredSlotsMissCountingPendingWorkersSoRepeatedPlansDoNotOvershoot() {
        WorkerPlanner p = planner(2, 16);
        registered.put("standalone-te", new TaskExecutorUse(1, false));

        assertThat(plan(p, 6).start()).as("6 declared, 1 registered: 5 missing -> 3 two-slot workers")
                .containsExactly("w1", "w2", "w3");
        assertThat(plan(p, 6).start()).as("the three pending cover it").isEmpty();
        p.started("w1", "pid-1");
        assertThat(plan(p, 7).start()).as("one more slot declared: 1 + 3*2 = 7 covers it").isEmpty();
        assertThat(plan(p, 8).start()).containsExactly("w4");
        assertThat(p.pending()).isEqualTo(4);
    }

    @Test
    void neverRunsMoreWorkersThanTheMaximum() {
        WorkerPlanner p = planner(1, 3);
        assertThat(plan(p, 10).start()).hasSize(3);
        startAndRegister(p, new Plan(List.of("w1", "w2", "w3"), List.of()), 1);
        assertThat(plan(p, 10).start()).isEmpty();
        assertThat(p.view().started()).isEqualTo(3);
    }

    @Test
    void aRegisteredWorkerIsNoLongerPending() {
        WorkerPlanner p = planner(1, 16);
        Plan first = plan(p, 2);
        startAndRegister(p, first, 1);
        assertThat(plan(p, 2).isEmpty()).isTrue();
        assertThat(p.stateOf("w1")).isEqualTo(State.REGISTERED);
        assertThat(p.pending()).isZero();
        assertThat(p.view().started()).isEqualTo(2);
    }

    @Test
    void anIdleWorkerIsReleasedAfterTheTimeoutOnlyWhenTheOthersStillCoverTheDeclaredSlots() {
        WorkerPlanner p = planner(1, 16);
        startAndRegister(p, plan(p, 2), 1);
        registered.put("w1", new TaskExecutorUse(1, false));
        plan(p, 1); // w2 idle from now
        now += IDLE.toMillis() - 1;
        assertThat(plan(p, 1).stop()).as("not idle long enough").isEmpty();
        now += 1;
        assertThat(plan(p, 1).stop()).extracting(Stop::workerId).containsExactly("w2");
        assertThat(p.stateOf("w2")).isEqualTo(State.STOPPING);
        assertThat(p.released()).isEqualTo(1);

        p.exited("w2", "process exited", now);
        registered.remove("w2");
        assertThat(p.crashes()).as("an exit it asked for is no crash").isZero();
        assertThat(p.stateOf("w2")).isNull();
    }

    @Test
    void aWorkerHoldingASlotOfAJobIsNeverReleased() {
        WorkerPlanner p = planner(1, 16);
        startAndRegister(p, plan(p, 1), 1);
        registered.put("w1", new TaskExecutorUse(1, false));
        for (int i = 0; i < 5; i++) {
            now += IDLE.toMillis();
            assertThat(plan(p, 0).stop()).isEmpty();
        }
    }

    @Test
    void anIdleWorkerThatTheDeclaredSlotsStillNeedIsKept() {
        WorkerPlanner p = planner(1, 16);
        startAndRegister(p, plan(p, 2), 1);
        plan(p, 2);
        now += 10 * IDLE.toMillis();
        assertThat(plan(p, 2).stop()).isEmpty();
        assertThat(plan(p, 1).stop()).hasSize(1);
    }

    @Test
    void nothingIsReleasedWhileAJobIsRestoring() {
        WorkerPlanner p = planner(1, 16);
        startAndRegister(p, plan(p, 1), 1);
        p.plan(new Demand(0, new TreeMap<>(registered), true), now);
        now += 2 * IDLE.toMillis();
        assertThat(p.plan(new Demand(0, new TreeMap<>(registered), true), now).stop()).isEmpty();
        assertThat(p.plan(new Demand(0, new TreeMap<>(registered), false), now).stop()).hasSize(1);
    }

    @Test
    void idlenessStartsAgainWhenATaskExecutorIsUsedInBetween() {
        WorkerPlanner p = planner(1, 16);
        startAndRegister(p, plan(p, 1), 1);
        plan(p, 0);
        now += IDLE.toMillis() - 1000;
        registered.put("w1", new TaskExecutorUse(1, false));
        plan(p, 0);
        registered.put("w1", new TaskExecutorUse(1, true));
        now += 1000;
        assertThat(plan(p, 0).stop()).isEmpty();
        now += IDLE.toMillis();
        assertThat(plan(p, 0).stop()).hasSize(1);
    }

    @Test
    void pendingWorkersBeyondTheNeedAreCancelledNewestFirst() {
        WorkerPlanner p = planner(1, 16);
        plan(p, 1);
        now += 10;
        plan(p, 3);
        assertThat(plan(p, 2).stop()).extracting(Stop::workerId).containsExactly("w3");
        assertThat(p.pending()).isEqualTo(2);
        assertThat(p.failedStarts()).isZero();
    }

    @Test
    void aWorkerThatDoesNotRegisterInTimeIsStoppedCountedAndReplacedAfterTheBackOff() {
        WorkerPlanner p = planner(1, 16);
        plan(p, 1);
        p.started("w1", "pid-1");
        now += REGISTRATION.toMillis();
        Plan timedOut = plan(p, 1);
        assertThat(timedOut.stop()).extracting(Stop::workerId, Stop::handle).containsExactly(
                org.assertj.core.groups.Tuple.tuple("w1", "pid-1"));
        assertThat(timedOut.start()).as("backing off").isEmpty();
        assertThat(p.failedStarts()).isEqualTo(1);
        p.exited("w1", "killed", now);
        assertThat(p.failedStarts()).as("its end was asked for").isEqualTo(1);
        now += RETRY.toMillis() - 1;
        assertThat(plan(p, 1).start()).isEmpty();
        now += 1;
        assertThat(plan(p, 1).start()).containsExactly("w2");
    }

    @Test
    void failuresInARowDoubleTheWaitUpToTheMaximumAndARegistrationResetsIt() {
        WorkerPlanner p = planner(1, 16);
        long[] waits = new long[5];
        String id = plan(p, 1).start().get(0);
        for (int i = 0; i < waits.length; i++) {
            p.startFailed(id, "no jar", now);
            long from = now;
            List<String> next;
            while ((next = plan(p, 1).start()).isEmpty()) {
                now += 100;
            }
            waits[i] = now - from;
            id = next.get(0);
        }
        assertThat(waits).containsExactly(3_000, 6_000, 12_000, 20_000, 20_000);
        assertThat(p.failedStarts()).isEqualTo(5);
        p.startFailed(id, "no jar", now);
        now += MAX_RETRY.toMillis();

        Plan ok = plan(p, 1);
        startAndRegister(p, ok, 1);
        plan(p, 1);
        registered.remove(ok.start().get(0));
        p.exited(ok.start().get(0), "killed -9", now);
        assertThat(p.crashes()).isEqualTo(1);
        assertThat(plan(p, 1).start()).as("backing off after the crash").isEmpty();
        now += RETRY.toMillis();
        assertThat(plan(p, 1).start()).as("first failure after a registration: the base interval").hasSize(1);
    }

    @Test
    void aWorkerThatEndsBeforeItRegistersIsAFailedStart() {
        WorkerPlanner p = planner(1, 16);
        plan(p, 1);
        p.started("w1", "pid-1");
        assertThat(p.exited("w1", "exit code 2", now)).isTrue();
        assertThat(p.failedStarts()).isEqualTo(1);
        assertThat(p.crashes()).isZero();
    }

    @Test
    void adoptedWorkersCountSoNoDuplicateIsStartedAfterAFailover() {
        WorkerPlanner p = planner(1, 16);
        registered.put("w-old-1", new TaskExecutorUse(1, false));
        p.adopt("w-old-1", "pid-7", now - 5_000);
        p.adopt("w-old-2", "pid-8", now - 5_000);
        assertThat(plan(p, 2).start()).isEmpty();
        assertThat(p.stateOf("w-old-1")).isEqualTo(State.REGISTERED);
        assertThat(p.stateOf("w-old-2")).isEqualTo(State.STARTED);
        now += REGISTRATION.toMillis() - 5_000;
        assertThat(plan(p, 2).stop()).as("the adopted pending one keeps its start time for the registration timeout")
                .extracting(Stop::workerId).containsExactly("w-old-2");
    }

    // ------------------------------------------------------------------ random sequences

    static Stream<Arguments> seeds() {
        Random random = new Random(0xAC71E5L);
        return Stream.generate(() -> Arguments.of(random.nextLong())).limit(200);
    }

    /**
     * Random declarations, starts, failures, registrations, slot use and crashes: the planner never runs more
     * workers than the maximum, never stops a TaskExecutor that holds a slot, and once things settle (every
     * worker registered, time passed) the registered slots cover the declared ones (up to the maximum) and
     * exceed them by less than one worker.
     */
    @ParameterizedTest(name = "[{index}] seed {0}")
    @MethodSource("seeds")
    void neverMoreThanTheMaximumNeverABusyOneStoppedAndSettlesOnTheNeed(long seed) {
        Random random = new Random(seed);
        int slotsPerWorker = 1 + random.nextInt(3);
        int max = 1 + random.nextInt(8);
        WorkerPlanner p = planner(slotsPerWorker, max);
        int declared = 0;
        List<String> known = new ArrayList<>();
        for (int step = 0; step < 80; step++) {
            switch (random.nextInt(6)) {
                case 0 -> declared = random.nextInt(20);
                case 1 -> known.stream().filter(id -> p.stateOf(id) == State.REQUESTED).findFirst()
                        .ifPresent(id -> p.started(id, "pid-" + id));
                case 2 -> known.stream().filter(id -> p.stateOf(id) == State.STARTED).findFirst()
                        .ifPresent(id -> registered.put(id, new TaskExecutorUse(slotsPerWorker, true)));
                case 3 -> registered.replaceAll((id, use) -> new TaskExecutorUse(use.slots(), random.nextBoolean()));
                case 4 -> {
                    if (!known.isEmpty()) {
                        String id = known.get(random.nextInt(known.size()));
                        registered.remove(id);
                        p.exited(id, "crash", now);
                    }
                }
                default -> now += random.nextInt(40_000);
            }
            Plan plan = plan(p, declared);
            known.addAll(plan.start());
            for (Stop s : plan.stop()) {
                TaskExecutorUse use = registered.get(s.workerId());
                assertThat(use == null || use.idle()).as("stopped %s while it holds a slot", s.workerId()).isTrue();
                registered.remove(s.workerId());
                p.exited(s.workerId(), "stopped", now);
            }
            long running = known.stream().filter(id -> p.stateOf(id) != null && p.stateOf(id) != State.STOPPING).count();
            assertThat(running).isLessThanOrEqualTo(max);
        }
        // Settle: everything registers and idles long enough, no failure any more.
        registered.replaceAll((id, use) -> new TaskExecutorUse(use.slots(), true));
        for (int round = 0; round < 10; round++) {
            now += MAX_RETRY.toMillis() + IDLE.toMillis();
            Plan plan = plan(p, declared);
            known.addAll(plan.start());
            startAndRegister(p, plan, slotsPerWorker);
            plan.stop().forEach(s -> {
                registered.remove(s.workerId());
                p.exited(s.workerId(), "stopped", now);
            });
        }
        int slots = registered.values().stream().mapToInt(TaskExecutorUse::slots).sum();
        assertThat(slots).isGreaterThanOrEqualTo(Math.min(declared, max * slotsPerWorker));
        assertThat(slots).isLessThan(Math.max(declared, 0) + slotsPerWorker);
    }
}
