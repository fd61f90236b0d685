package io.ebbflow.bench;

import static io.ebbflow.bench.ServiceLogs.add;
import static io.ebbflow.bench.ServiceLogs.firstLineTime;
import static io.ebbflow.bench.ServiceLogs.freePortRange;
import static io.ebbflow.bench.ServiceLogs.max;
import static io.ebbflow.bench.ServiceLogs.phaseTable;

import io.ebbflow.e2e.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How fast services form a cluster, with real processes started as the README starts them: no member list,
 * each service binds the first free port of a range and probes the range for peers (a private cluster
 * name and port range per run, so nothing else on the machine interferes). Every service gets
 * {@link ServiceProcess#JVM_FLAGS}, as in every other benchmark and end-to-end test.
 *
 * <p>(a) Five services launched together (ResourceManager, web-ui, a JobMaster, two TaskExecutors): from
 * the launch of the first until all five are members and the ResourceManager has registered both
 * TaskExecutors. (b) A TaskExecutor launched into that running cluster: from its launch until the
 * ResourceManager has registered it. Times come from the services' own log lines (millisecond timestamps),
 * so polling the logs adds nothing to them. Phases: JVM started (the service's first log line), joined
 * (its event bus is clustered), verticle started, registered.
 */
@Command(name = "cluster-formation", mixinStandardHelpOptions = true,
        description = "Five services launched together until the cluster is formed, and a TaskExecutor's launch until it is registered.")
final class ClusterFormationBenchmark implements Callable<Integer> {

    private static final Pattern MEMBERS = Pattern.compile("Members \\{size:(\\d+),");
    private static final Pattern TE_REGISTERED_AT_RM = Pattern.compile("SlotManager - TaskExecutor (\\S+) registered with");
    private static final int PORT_RANGE = 20;

    @Option(names = "--repetitions", description = "Repetitions of each scenario (default ${DEFAULT-VALUE}).")
    int repetitions = 5;

    @Option(names = "--joins-per-cluster", description = "TaskExecutors launched one after the other into each formed "
            + "cluster for (b) (default ${DEFAULT-VALUE}).")
    int joinsPerCluster = 2;

    @Option(names = "--jvm-flag", description = "An extra JVM flag for every service (repeatable), e.g. a class-data "
            + "sharing archive.")
    List<String> jvmFlags = new ArrayList<>();

    @Option(names = "--cds-dir", description = "Use a class-data sharing archive per service jar from this directory "
            + "(-XX:SharedArchiveFile=DIR/<service>.jsa); archives that are missing are made first by an untimed "
            + "training run (-XX:ArchiveClassesAtExit).")
    Path cdsDir;

    private final Path home = Path.of(System.getProperty("ebbflow.home", ".")).toAbsolutePath().normalize();
    private final Path logs = home.resolve("benchmarks/target/cluster-formation-logs");
    private final List<Long> formed = new ArrayList<>();
    private final Map<String, List<Long>> formedPhases = new LinkedHashMap<>();
    private final List<Long> joined = new ArrayList<>();
    private final Map<String, List<Long>> joinPhases = new LinkedHashMap<>();
    private final List<Double> formedCpu = new ArrayList<>();
    private final List<Double> joinedCpu = new ArrayList<>();

    /** Per service jar: its archive's JVM flag (training: where to write it), or none. */
    private final Map<String, String> cdsFlags = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (cdsDir != null) {
            train();
        }
        for (int rep = 1; rep <= repetitions; rep++) {
            run(rep);
        }
        System.out.println();
        System.out.println("| what (n=" + repetitions + " / " + joined.size() + ") | min / median / max |");
        System.out.println("|---|---|");
        System.out.println("| (a) 5 services launched together → 5 members, RM has registered 2 TaskExecutors | "
                + stats(formed) + " |");
        System.out.println("| (b) a TaskExecutor launched into the running cluster → registered at the RM | "
                + stats(joined) + " |");
        System.out.println("| CPU used by the five services until (a) is seen, seconds | " + cpuStats(formedCpu) + " |");
        System.out.println("| CPU used by the TaskExecutor until (b) is seen, seconds | " + cpuStats(joinedCpu) + " |");
        System.out.println();
        System.out.println("Phases of (a), from the launch; the slowest service for each (median / max):");
        System.out.println();
        phaseTable(formedPhases);
        System.out.println("Phases of (b), from the TaskExecutor's launch (median / max):");
        System.out.println();
        phaseTable(joinPhases);
        return 0;
    }

    private void run(int rep) throws Exception {
        String name = "bench-formation-" + UUID.randomUUID();
        int base = freePortRange(PORT_RANGE);
        List<String> common = List.of("-Dcluster.name=" + name, "-Dcluster.port=" + base,
                "-Dcluster.port-count=" + PORT_RANGE, "-Dmetrics.reporter.prom.port=0");
        Path dir = logs.resolve("rep-" + rep);
        List<ServiceProcess> all = new ArrayList<>();
        try {
            long t0 = System.currentTimeMillis();
            ServiceProcess rm = start(dir, "resource-manager", "rm", common);
            ServiceProcess web = start(dir, "web-ui", "web-ui", common, "-Drest.port=0", "-Deventbus.tcp-bridge.port=-1");
            ServiceProcess jm = start(dir, "job-master", "job-master", common, "--job-description",
                    home.resolve("examples/src/main/resources/jobs/slot-holder.yaml").toString(), "--job-id", "formation");
            ServiceProcess te1 = start(dir, "task-executor", "te-1", common, "-Dtaskmanager.resource-id=te-1");
            ServiceProcess te2 = start(dir, "task-executor", "te-2", common, "-Dtaskmanager.resource-id=te-2");
            List<ServiceProcess> five = List.of(rm, web, jm, te1, te2);
            all.addAll(five);
            waitFor(five, () -> firstLineTime(rm, l -> membersAtLeast(l, 5)).isPresent()
                    && registeredAtRm(rm, "te-2").isPresent() && registeredAtRm(rm, "te-1").isPresent());
            formedCpu.add(five.stream().mapToDouble(p -> ProcessStats.cpuSeconds(p.pid())).sum());
            // For the phases: every service's verticle has started (the JobMaster's may start after (a)).
            waitFor(five, () -> five.stream().allMatch(p -> firstLineTime(p, l -> l.contains(" running on node ")).isPresent()));
            long members = firstMembersTime(rm, 5);
            long registered = Math.max(registeredAtRm(rm, "te-1").getAsLong(), registeredAtRm(rm, "te-2").getAsLong());
            long done = Math.max(members, registered) - t0;
            formed.add(done);
            add(formedPhases, "JVM started (first log line)", max(five, p -> firstLineTime(p, l -> true)) - t0);
            add(formedPhases, "joined (event bus clustered)", max(five, p -> firstLineTime(p, l -> l.contains("Joined cluster"))) - t0);
            add(formedPhases, "all 5 members (RM's view)", members - t0);
            add(formedPhases, "verticle started", max(five, p -> firstLineTime(p, l -> l.contains(" running on node "))) - t0);
            add(formedPhases, "2 TaskExecutors registered at the RM", registered - t0);
            System.out.printf(Locale.ROOT, "rep %d: five services formed the cluster in %d ms (5 members after %d ms)%n",
                    rep, done, members - t0);

            for (int j = 1; j <= joinsPerCluster; j++) {
                String id = "te-join-" + j;
                long s0 = System.currentTimeMillis();
                ServiceProcess te = start(dir, "task-executor", id, common, "-Dtaskmanager.resource-id=" + id);
                all.add(te);
                waitFor(List.of(rm, te), () -> registeredAtRm(rm, id).isPresent());
                joinedCpu.add(ProcessStats.cpuSeconds(te.pid()));
                long reg = registeredAtRm(rm, id).getAsLong() - s0;
                joined.add(reg);
                add(joinPhases, "JVM started (first log line)", firstLineTime(te, l -> true).getAsLong() - s0);
                // (logged since TaskExecutors became lite members; absent when measuring an older build)
                firstLineTime(te, l -> l.contains("Cluster member started"))
                        .ifPresent(t -> add(joinPhases, "cluster member started", t - s0));
                add(joinPhases, "joined (event bus clustered)", firstLineTime(te, l -> l.contains("Joined cluster")).getAsLong() - s0);
                add(joinPhases, "verticle started", firstLineTime(te, l -> l.contains(" running on node ")).getAsLong() - s0);
                add(joinPhases, "registered at the RM", reg);
                System.out.printf(Locale.ROOT, "rep %d: TaskExecutor %s registered %d ms after its launch%n", rep, id, reg);
                te.stop();
            }
        } finally {
            for (ServiceProcess p : all) {
                p.terminate();
            }
            for (ServiceProcess p : all) {
                p.stop();
            }
        }
    }

    /**
     * Writes the missing class-data sharing archives: one formation whose services dump the classes they
     * loaded when they exit (one TaskExecutor only: two processes must not write one archive).
     */
    private void train() throws Exception {
        Files.createDirectories(cdsDir);
        List<String> services = List.of("resource-manager", "web-ui", "job-master", "task-executor");
        boolean missing = false;
        for (String service : services) {
            Path archive = cdsDir.resolve(service + ".jsa").toAbsolutePath();
            missing |= !Files.isRegularFile(archive);
            cdsFlags.put(service, (Files.isRegularFile(archive) ? "-XX:SharedArchiveFile=" : "-XX:ArchiveClassesAtExit=")
                    + archive);
        }
        if (missing) {
            System.out.println("Training run: writing class-data sharing archives to " + cdsDir);
            List<Long> keepFormed = new ArrayList<>(formed);
            run(0);
            formed.clear();
            formed.addAll(keepFormed);
            formedPhases.clear();
            joined.clear();
            joinPhases.clear();
            formedCpu.clear();
            joinedCpu.clear();
        }
        for (String service : services) {
            Path archive = cdsDir.resolve(service + ".jsa").toAbsolutePath();
            if (!Files.isRegularFile(archive)) {
                throw new IllegalStateException("the training run wrote no archive " + archive);
            }
            cdsFlags.put(service, "-XX:SharedArchiveFile=" + archive);
        }
    }

    private ServiceProcess start(Path dir, String service, String name, List<String> common, String... args)
            throws IOException {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(args));
        List<String> flags = new ArrayList<>(jvmFlags);
        String cds = cdsFlags.get(service);
        boolean training = cds != null && cds.startsWith("-XX:ArchiveClassesAtExit");
        if (cds != null && (!training || name.equals("te-1") || !service.equals("task-executor"))) {
            flags.add(cds);
        }
        return ServiceProcess.start(name, home.resolve(service).resolve("target").resolve(service + ".jar"), flags,
                all, dir.resolve(name + ".log"));
    }

    private static boolean membersAtLeast(String line, int n) {
        Matcher m = MEMBERS.matcher(line);
        return m.find() && Integer.parseInt(m.group(1)) >= n;
    }

    /** When the RM first listed at least {@code n} members (Hazelcast prints the list below a timestamped line). */
    private static long firstMembersTime(ServiceProcess p, int n) {
        return firstLineTime(p, l -> membersAtLeast(l, n)).orElseThrow();
    }

    private static OptionalLong registeredAtRm(ServiceProcess rm, String taskExecutorId) {
        return firstLineTime(rm, l -> {
            Matcher m = TE_REGISTERED_AT_RM.matcher(l);
            return m.find() && m.group(1).equals(taskExecutorId);
        });
    }

    /** Polls the logs (the figures come from their timestamps, so the polling period does not matter). */
    private static void waitFor(List<ServiceProcess> processes, java.util.function.BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!done.getAsBoolean()) {
            for (ServiceProcess p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(p + " exited with code " + p.exitCode() + ":\n" + p.output());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not done within 2 minutes; logs in " + processes.get(0).log().getParent());
            }
            Thread.sleep(50);
        }
    }

    private static String cpuStats(List<Double> values) {
        return ServiceLogs.doubleStats(values, "%.1f");
    }

    private static String stats(List<Long> values) {
        return ServiceLogs.millisStats(values);
    }
}
