package io.ebbflow.e2e.chaos;

import io.ebbflow.e2e.JobView;
import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.ServiceProcess;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The chaos suite, modelled on Flink's HA end-to-end test and on Jepsen: the exactly-once checker job with its
 * file sink runs on two JobMasters (a leader and a standby), two ResourceManagers and three TaskExecutors while
 * faults are injected on a seeded schedule — kill -9 of a random TaskExecutor running the job every 5–15 s
 * (replaced at once), kill -9 of the JobMaster leader every {@code jobMasterEvery} (started again as a standby),
 * kill -9 of the ResourceManager leader every {@code resourceManagerEvery} (started again as a standby), once a
 * SIGSTOP of a TaskExecutor for 20 s, longer than the heartbeat timeout and the cluster's failure-detection timeout
 * (15 s), and once a corrupted newest checkpoint followed by a JobMaster failover (so the standby must restore past
 * it).
 *
 * <p>Each fault's recovery is timed (the job RUNNING again with every subtask of a run deployed after the fault;
 * for a ResourceManager, a new leader in {@code /overview} and no job restart). At the end the job is cancelled
 * and checked: the checker's {@code violations} is 0, every sampled sequence number is committed at most once and
 * without gaps, and no restart started from empty state.
 */
public final class ChaosRun {

    /** What to run and how hard. */
    public record Settings(Path workDir, Duration duration, long seed, Duration taskExecutorKillMin,
            Duration taskExecutorKillMax, Duration jobMasterEvery, Duration resourceManagerEvery, Duration pauseFor,
            int keys, int rate) {

        /** The schedule: 10 minutes, a JobMaster kill a minute, a ResourceManager kill every 2 minutes. */
        public static Settings full(Path workDir, long seed) {
            return new Settings(workDir, Duration.ofMinutes(10), seed, Duration.ofSeconds(5), Duration.ofSeconds(15),
                    Duration.ofSeconds(60), Duration.ofMinutes(2), Duration.ofSeconds(20), 100, 3000);
        }

        /** The same faults compressed into {@code duration} (for CI). */
        public static Settings compressed(Path workDir, long seed, Duration duration) {
            return new Settings(workDir, duration, seed, Duration.ofSeconds(5), Duration.ofSeconds(15),
                    duration.dividedBy(3), duration.dividedBy(2), Duration.ofSeconds(20), 60, 2000);
        }
    }

    /** One fault and how long the job took to recover from it (-1: not recovered when the run ended). */
    public record Recovery(String fault, long atMillis, long recoveredInMillis) {
    }

    /** What the run found. */
    public record Result(long violations, long recordsChecked, int keysSampled, long linesCommitted,
            List<String> outputProblems, List<Recovery> recoveries, List<String> problems, int corruptFallbacks) {

        public boolean clean() {
            return violations == 0 && outputProblems.isEmpty() && problems.isEmpty() && recordsChecked > 0;
        }

        /** min / median / max of the recovery times of {@code fault}, in seconds. */
        public String summary(String fault) {
            List<Long> ms = recoveries.stream().filter(r -> r.fault().equals(fault) && r.recoveredInMillis() >= 0)
                    .map(Recovery::recoveredInMillis).sorted().toList();
            long missing = recoveries.stream().filter(r -> r.fault().equals(fault) && r.recoveredInMillis() < 0).count();
            if (ms.isEmpty()) {
                return fault + ": n=0" + (missing > 0 ? " (" + missing + " not recovered)" : "");
            }
            return String.format("%s: %.2f / %.2f / %.2f s (n=%d%s)", fault, ms.get(0) / 1000.0,
                    ms.get(ms.size() / 2) / 1000.0, ms.get(ms.size() - 1) / 1000.0, ms.size(),
                    missing > 0 ? ", " + missing + " not recovered" : "");
        }
    }

    private static final String JOB = "chaos";
    private static final String CHECKER = "io.ebbflow.examples.checker.ExactlyOnceChecker";
    private static final Duration SETTLE = Duration.ofMinutes(2);

    private final Settings settings;
    private final Consumer<String> log;
    private final Random random;
    private final List<ServiceProcess> taskExecutors = new ArrayList<>();
    private final List<ServiceProcess> jobMasters = new ArrayList<>();
    private final List<ServiceProcess> resourceManagers = new ArrayList<>();
    private final Map<ServiceProcess, String> resourceIds = new HashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    /** Faults that shared their recovery time with another fault: a job restart meanwhile may be the other's. */
    private final Set<Pending> overlapped = new java.util.HashSet<>();
    private final List<Recovery> recoveries = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private LocalCluster cluster;
    private long killedRmEpoch;
    private int teCount;
    private long start;

    /** A fault whose recovery is being timed. */
    private record Pending(String fault, long at, String rmLeaderBefore, long jobStartBefore, long rmEpoch) {
    }

    public ChaosRun(Settings settings, Consumer<String> log) {
        this.settings = settings;
        this.log = log;
        this.random = new Random(settings.seed());
    }

    public Result run() throws Exception {
        Path checkpoints = settings.workDir().resolve("checkpoints");
        Path out = settings.workDir().resolve("out");
        try (LocalCluster c = new LocalCluster("chaos-" + settings.seed(), 12, List.of(
                "-Dstate.checkpoints.dir=" + checkpoints, "-Dheartbeat.interval=2s", "-Dheartbeat.timeout=10s",
                "-Drestart-strategy.type=fixed-delay", "-Drestart-strategy.fixed-delay.attempts=100000",
                "-Drestart-strategy.fixed-delay.delay=200ms",
                "-Djobmanager.adaptive-scheduler.resource-stabilization-timeout=1s"))) {
            cluster = c;
            resourceManagers.add(c.startResourceManager());
            resourceManagers.add(c.startResourceManager());
            c.startWebUi();
            for (int i = 0; i < 3; i++) {
                startTaskExecutor();
            }
            jobMasters.add(c.startJobMaster(jobMasterArgs(out)));
            jobMasters.add(c.startJobMaster(jobMasterArgs(out)));
            awaitOrFail("the job RUNNING with checkpoints", Duration.ofMinutes(3),
                    () -> running() != null && completedAfter(0));
            start = System.currentTimeMillis();
            log.accept("chaos: job running; faults for " + settings.duration().toSeconds() + " s, seed " + settings.seed());
            schedule();
            awaitOrFail("every fault recovered", SETTLE, () -> {
                trackRecoveries();
                return pending.isEmpty();
            });
            pending.forEach(p -> recoveries.add(new Recovery(p.fault(), p.at() - start, -1)));
            long settled = System.currentTimeMillis();
            awaitOrFail("a checkpoint after the faults", SETTLE, () -> completedAfter(settled));
            long violations = Math.max(0, cluster.accumulator(JOB, "violations"));
            long checked = cluster.accumulator(JOB, "records-checked");
            LocalCluster.Response cancel = cluster.patch("/jobs/" + JOB + "?mode=cancel");
            if (cancel.status() != 202 && cancel.status() != 200) {
                problems.add("cancel answered " + cancel.status() + ": " + cancel.body());
            }
            awaitOrFail("every JobMaster gone after the cancel", SETTLE,
                    () -> jobMasters.stream().noneMatch(ServiceProcess::isAlive));
            String logs = cluster.logs();
            if (logs.contains("VIOLATION")) {
                problems.add("a VIOLATION line was printed");
            }
            if (logs.contains("restarts in its restart strategy's backoff from the beginning")
                    && logs.indexOf("Completed checkpoint") < logs.lastIndexOf("from the beginning")) {
                problems.add("a restart began from the beginning after checkpoints had completed");
            }
            if (logs.contains("no intact checkpoint")) {
                problems.add("the job found no intact checkpoint");
            }
            int corrupt = count(logs, "is corrupt; the next restart uses");
            List<String> outputProblems = new ArrayList<>();
            Map<Integer, TreeSet<Long>> byKey = committed(out, outputProblems);
            long lines = byKey.values().stream().mapToLong(TreeSet::size).sum();
            return new Result(violations, checked, byKey.size(), lines, outputProblems, List.copyOf(recoveries),
                    List.copyOf(problems), corrupt);
        }
    }

    // ------------------------------------------------------------------ the schedule

    private void schedule() throws Exception {
        long end = start + settings.duration().toMillis();
        long nextTe = start + between(settings.taskExecutorKillMin(), settings.taskExecutorKillMax());
        long nextJm = start + settings.jobMasterEvery().toMillis();
        long nextRm = start + settings.resourceManagerEvery().toMillis();
        long pauseAt = start + settings.duration().toMillis() / 4 + between(Duration.ZERO, Duration.ofSeconds(10));
        // Half-way between two JobMaster kills, so that the failover it triggers is its own.
        long corruptAt = start + settings.jobMasterEvery().toMillis() * 3 / 2;
        ServiceProcess paused = null;
        long resumeAt = Long.MAX_VALUE;
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try {
            while (System.currentTimeMillis() < end) {
                long now = System.currentTimeMillis();
                trackRecoveries();
                if (now >= nextTe) {
                    killTaskExecutor(paused);
                    nextTe = now + between(settings.taskExecutorKillMin(), settings.taskExecutorKillMax());
                }
                // The corrupted checkpoint's failover must be its own: no plain JobMaster kill while it is due.
                if (now >= nextJm && now < corruptAt - 5_000 && killJobMasterLeader("jobmaster-kill")) {
                    nextJm = now + settings.jobMasterEvery().toMillis();
                }
                if (now >= nextRm) {
                    killResourceManagerLeader();
                    nextRm = now + settings.resourceManagerEvery().toMillis();
                }
                if (now >= pauseAt) {
                    // Only a TaskExecutor that runs the job; if none does right now, the next tick tries again.
                    paused = pauseTaskExecutor();
                    if (paused != null) {
                        resumeAt = now + settings.pauseFor().toMillis();
                        pauseAt = Long.MAX_VALUE;
                    }
                }
                if (now >= resumeAt) {
                    log.accept("chaos: SIGCONT " + paused);
                    paused.resume();
                    resumeAt = Long.MAX_VALUE;
                }
                if (now >= corruptAt && corruptNewestCheckpointAndFailOver()) {
                    corruptAt = Long.MAX_VALUE;
                }
                // One tick of the schedule: the faults fire at their times, the recoveries are sampled in between.
                ticker.schedule(() -> { }, 100, TimeUnit.MILLISECONDS).get();
            }
            if (paused != null && resumeAt != Long.MAX_VALUE) {
                paused.resume();
            }
            if (corruptAt != Long.MAX_VALUE) {
                problems.add("the corrupted-checkpoint fault never found a leading JobMaster with the job RUNNING");
            }
        } finally {
            ticker.shutdownNow();
        }
    }

    private long between(Duration min, Duration max) {
        long span = max.toMillis() - min.toMillis();
        return min.toMillis() + (span <= 0 ? 0 : (long) (random.nextDouble() * span));
    }

    private void killTaskExecutor(ServiceProcess paused) throws IOException {
        List<ServiceProcess> candidates = new ArrayList<>();
        Set<String> running = runningOn();
        for (ServiceProcess te : taskExecutors) {
            if (te.isAlive() && te != paused && running.contains(resourceIds.get(te))) {
                candidates.add(te);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        ServiceProcess victim = candidates.get(random.nextInt(candidates.size()));
        begin("taskexecutor-kill");
        log.accept("chaos: kill -9 " + victim + " (" + resourceIds.get(victim) + ")");
        victim.kill();
        startTaskExecutor();
    }

    /** kill -9 of the leading JobMaster (and a new standby); false if none leads right now (a takeover is under way). */
    private boolean killJobMasterLeader(String fault) throws IOException {
        ServiceProcess leader = leadingJobMaster();
        if (leader == null || running() == null) {
            return false;
        }
        kill(leader, fault);
        return true;
    }

    private void kill(ServiceProcess leader, String fault) throws IOException {
        begin(fault);
        log.accept("chaos: kill -9 JobMaster leader " + leader);
        leader.kill();
        jobMasters.add(cluster.startJobMaster(jobMasterArgs(settings.workDir().resolve("out"))));
    }

    private void killResourceManagerLeader() throws IOException {
        // The leader is the live one that led with the highest epoch (a deposed one may not have exited yet).
        ServiceProcess leader = resourceManagers.stream().filter(ServiceProcess::isAlive)
                .filter(p -> ledEpoch(p.output()) > 0).max(Comparator.comparingLong(p -> ledEpoch(p.output())))
                .orElse(null);
        if (leader == null) {
            return;
        }
        killedRmEpoch = ledEpoch(leader.output());
        begin("resourcemanager-kill");
        log.accept("chaos: kill -9 ResourceManager leader " + leader);
        leader.kill();
        resourceManagers.add(cluster.startResourceManager());
    }

    private ServiceProcess pauseTaskExecutor() throws IOException {
        Set<String> running = runningOn();
        ServiceProcess victim = taskExecutors.stream().filter(ServiceProcess::isAlive)
                .filter(te -> running.contains(resourceIds.get(te))).findFirst().orElse(null);
        if (victim == null) {
            return null;
        }
        begin("taskexecutor-sigstop");
        log.accept("chaos: SIGSTOP " + victim + " for " + settings.pauseFor().toSeconds() + " s");
        victim.pause();
        startTaskExecutor();
        return victim;
    }

    private boolean corruptNewestCheckpointAndFailOver() throws IOException {
        // The leader is chosen once: asking again after the byte is flipped could find the job restarting (a
        // TaskExecutor kill in the same tick) and leave a corrupted checkpoint with no failover to read it.
        ServiceProcess leader = leadingJobMaster();
        if (leader == null || running() == null) {
            return false;
        }
        CheckpointCorruption.Outcome corrupted = CheckpointCorruption.flipAByteOfTheNewest(
                settings.workDir().resolve("checkpoints").resolve(JOB));
        if (corrupted.problem() != null) {
            problems.add(corrupted.problem());
            return true;
        }
        log.accept("chaos: flipped a byte of " + corrupted.file());
        kill(leader, "corrupt-checkpoint+jobmaster-kill");
        return true;
    }

    // ------------------------------------------------------------------ recoveries

    private void begin(String fault) {
        JsonObject overview = cluster.get("/overview").json();
        String rmLeader = overview == null || overview.getJsonObject("resourcemanager") == null ? null
                : overview.getJsonObject("resourcemanager").getString("leader");
        Pending p = new Pending(fault, System.currentTimeMillis(), rmLeader, jobStartTime(), killedRmEpoch);
        if (!pending.isEmpty()) {
            overlapped.addAll(pending);
            overlapped.add(p);
        }
        pending.add(p);
    }

    private void trackRecoveries() {
        if (pending.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        JsonObject job = running();
        long runStart = job == null ? -1 : jobStartTime(job);
        for (Pending p : new ArrayList<>(pending)) {
            boolean recovered;
            long recoveredAt = now;
            if (p.fault().equals("resourcemanager-kill")) {
                // When another ResourceManager logged that it leads with a higher epoch than the killed one.
                long led = resourceManagers.stream().mapToLong(rm -> ledAfter(rm.output(), p.rmEpoch()))
                        .filter(t -> t > 0).min().orElse(-1);
                recovered = led > 0;
                recoveredAt = Math.max(p.at(), led);
                // Only a restart with no other fault counts. Another fault overlaps when it was being recovered from
                // when this one began or began before this one recovered, and a job that was not running when the
                // ResourceManager was killed was restarting for an earlier fault. (The other fault may be taken off
                // the pending list earlier in this same pass, so the list's size does not tell.)
                if (recovered && runStart != p.jobStartBefore() && runStart > 0 && job != null
                        && p.jobStartBefore() > 0 && !overlapped.contains(p)) {
                    problems.add("the job restarted during the ResourceManager failover at +" + (p.at() - start) + " ms");
                }
            } else {
                recovered = job != null && runStart >= p.at();
            }
            if (recovered) {
                recoveries.add(new Recovery(p.fault(), p.at() - start, recoveredAt - p.at()));
                log.accept("chaos: " + p.fault() + " at +" + (p.at() - start) / 1000 + " s recovered in "
                        + (recoveredAt - p.at()) + " ms");
                pending.remove(p);
            }
        }
    }

    private static final java.util.regex.Pattern LEADS = java.util.regex.Pattern.compile(
            "(?m)^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*leads with epoch (\\d+)");

    /** The highest epoch a ResourceManager's log says it led with (0 if none). */
    private static long ledEpoch(String log) {
        java.util.regex.Matcher m = LEADS.matcher(log);
        long epoch = 0;
        while (m.find()) {
            epoch = Math.max(epoch, Long.parseLong(m.group(2)));
        }
        return epoch;
    }

    /** When a ResourceManager's log first says it leads with an epoch above {@code epoch} (epoch millis), or -1. */
    private static long ledAfter(String log, long epoch) {
        java.util.regex.Matcher m = LEADS.matcher(log);
        while (m.find()) {
            if (Long.parseLong(m.group(2)) > epoch) {
                return java.time.LocalTime.parse(m.group(1)).atDate(java.time.LocalDate.now())
                        .atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();
            }
        }
        return -1;
    }

    private JsonObject running() {
        return JobView.running(cluster, JOB);
    }

    private long jobStartTime() {
        JsonObject job = running();
        return job == null ? -1 : JobView.startOfRun(job);
    }

    private static long jobStartTime(JsonObject job) {
        return JobView.startOfRun(job);
    }

    private boolean completedAfter(long since) {
        return JobView.checkpointCompletedAfter(cluster, JOB, since);
    }

    private Set<String> runningOn() {
        return JobView.runningOn(cluster, JOB);
    }

    private ServiceProcess leadingJobMaster() {
        return jobMasters.stream().filter(ServiceProcess::isAlive).filter(p -> p.output().contains(" leads with epoch"))
                .reduce((a, b) -> b).orElse(null);
    }

    // ------------------------------------------------------------------ processes

    private void startTaskExecutor() throws IOException {
        String id = "te-" + (++teCount);
        ServiceProcess te = cluster.startTaskExecutor("-Dtaskmanager.resource-id=" + id, "-Dtaskmanager.numberOfTaskSlots=2");
        resourceIds.put(te, id);
        taskExecutors.add(te);
    }

    private String[] jobMasterArgs(Path out) {
        return new String[] {"--job-jar", cluster.home().resolve("examples/target/examples.jar").toString(), "-j", CHECKER,
            "--job-id", JOB, "-p", "4", "--keys", String.valueOf(settings.keys()), "--rate", String.valueOf(settings.rate()),
            "--checkpoint-interval", "1000", "--output", out.toString()};
    }

    private void awaitOrFail(String what, Duration atMost, java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try {
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    problems.add("timed out waiting for " + what);
                    return;
                }
                ticker.schedule(() -> { }, 200, TimeUnit.MILLISECONDS).get();
            }
        } finally {
            ticker.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ the output

    /**
     * The committed sampled lines per key: each key's sequence numbers must be 0, 100, 200, ... without a gap
     * and without a repeat (a tail may be missing: the last checkpoint's files are committed only when it is
     * notified).
     */
    private static Map<Integer, TreeSet<Long>> committed(Path out, List<String> problems) throws IOException {
        Map<Integer, TreeSet<Long>> byKey = new LinkedHashMap<>();
        if (!Files.isDirectory(out)) {
            problems.add("no output directory " + out);
            return byKey;
        }
        for (String line : JobView.committedLines(out)) {
            String[] kv = line.split(",");
            int key = Integer.parseInt(kv[0]);
            long seq = Long.parseLong(kv[1]);
            if (!byKey.computeIfAbsent(key, k -> new TreeSet<>()).add(seq) && problems.size() < 20) {
                problems.add("key " + key + " seq " + seq + " committed twice");
            }
        }
        byKey.forEach((key, seqs) -> {
            long expected = 0;
            for (long s : seqs) {
                if (s != expected && problems.size() < 20) {
                    problems.add("key " + key + ": seq " + expected + " missing before " + s);
                    break;
                }
                expected = s + 100;
            }
        });
        return byKey;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
