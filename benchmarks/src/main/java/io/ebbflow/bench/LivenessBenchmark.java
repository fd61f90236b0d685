package io.ebbflow.bench;

import io.ebbflow.core.protocol.BusClient;
import io.ebbflow.core.protocol.JobMasterGateway;
import io.ebbflow.core.protocol.ResourceManagerGateway;
import io.ebbflow.e2e.LocalCluster;
import io.ebbflow.e2e.ServiceProcess;
import io.ebbflow.e2e.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How fast a TaskExecutor that leaves disappears from the ResourceManager's view and from its job's slot
 * pool, with the default heartbeat settings (10 s / 50 s): after SIGTERM (it deregisters) and after
 * kill -9 (cluster membership notices). Real processes: ResourceManager, a JobMaster, TaskExecutors;
 * this JVM joins the cluster to observe over the event bus, polling every 5 ms.
 */
@Command(name = "liveness", mixinStandardHelpOptions = true,
        description = "Time from SIGTERM / kill -9 of a TaskExecutor until its slots are gone from the RM and the job.")
final class LivenessBenchmark implements Callable<Integer> {

    @Option(names = "--repetitions", description = "Repetitions per signal (default ${DEFAULT-VALUE}).")
    int repetitions = 10;

    @Override
    public Integer call() throws Exception {
        try (LocalCluster cluster = new LocalCluster("bench-liveness", 6, List.of())) {
            cluster.startResourceManager();
            cluster.startJobMaster("--job-description",
                    cluster.home().resolve("examples/src/main/resources/jobs/slot-holder.yaml").toString(), "--job-id", "live");
            ServiceProcess anchor = cluster.startTaskExecutor("-Dtaskmanager.resource-id=anchor", "-Dtaskmanager.numberOfTaskSlots=2");
            try (TestNode node = TestNode.join(cluster)) {
                BusClient bus = new BusClient(node.node().vertx(), Duration.ofSeconds(5), 1 << 20);
                ResourceManagerGateway rm = ResourceManagerGateway.overBus(bus);
                JobMasterGateway jm = JobMasterGateway.overBus(bus);
                List<Double> termRm = new ArrayList<>();
                List<Double> termJob = new ArrayList<>();
                List<Double> killRm = new ArrayList<>();
                List<Double> killJob = new ArrayList<>();
                for (int i = 0; i < 2 * repetitions; i++) {
                    boolean kill = i % 2 == 1;
                    String id = "leaver-" + i;
                    ServiceProcess te = cluster.startTaskExecutor("-Dtaskmanager.resource-id=" + id,
                            "-Dtaskmanager.numberOfTaskSlots=1");
                    waitUntil(() -> holds(jm, id), Duration.ofMinutes(2));
                    long t0 = System.nanoTime();
                    if (kill) {
                        te.kill();
                    } else {
                        te.terminate();
                    }
                    double[] rmGone = {-1};
                    double[] jobGone = {-1};
                    waitUntil(() -> {
                        double ms = (System.nanoTime() - t0) / 1e6;
                        if (rmGone[0] < 0 && !listed(rm, id)) {
                            rmGone[0] = ms;
                        }
                        if (jobGone[0] < 0 && !holds(jm, id)) {
                            jobGone[0] = ms;
                        }
                        return rmGone[0] >= 0 && jobGone[0] >= 0;
                    }, Duration.ofMinutes(2));
                    (kill ? killRm : termRm).add(rmGone[0]);
                    (kill ? killJob : termJob).add(jobGone[0]);
                    te.stop();
                    System.out.printf(Locale.ROOT, "%s %s: gone from the RM after %.0f ms, from the job's pool after %.0f ms%n",
                            kill ? "kill -9" : "SIGTERM", id, rmGone[0], jobGone[0]);
                }
                System.out.println();
                System.out.println("| event (default heartbeat 10 s / 50 s) | gone from the RM, min / median / max | gone from the job's slot pool, min / median / max |");
                System.out.println("|---|---|---|");
                System.out.println("| SIGTERM of a TaskExecutor (n=" + repetitions + ") | " + stats(termRm) + " | " + stats(termJob) + " |");
                System.out.println("| kill -9 of a TaskExecutor (n=" + repetitions + ") | " + stats(killRm) + " | " + stats(killJob) + " |");
            }
            anchor.stop();
        }
        return 0;
    }

    private static boolean listed(ResourceManagerGateway rm, String te) {
        try {
            return TestNode.await(rm.clusterOverview()).taskExecutors().stream().anyMatch(t -> t.taskExecutorId().equals(te));
        } catch (Exception e) {
            return true;
        }
    }

    private static boolean holds(JobMasterGateway jm, String te) {
        try {
            return TestNode.await(jm.jobDetails("live")).slots().stream().anyMatch(s -> s.taskExecutorId().equals(te));
        } catch (Exception e) {
            return false;
        }
    }

    private static String stats(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f ms", s.get(0), s.get(s.size() / 2), s.get(s.size() - 1));
    }

    private static void waitUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not reached within " + timeout);
            }
            Thread.sleep(5);
        }
    }
}
