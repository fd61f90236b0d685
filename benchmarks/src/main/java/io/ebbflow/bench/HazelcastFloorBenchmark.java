package io.ebbflow.bench;

import io.ebbflow.e2e.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The floor under {@code cluster-formation}: bare Hazelcast members (our version, configured as Ebbflow configures
 * its members: TCP join over a port range with the range's first port as the required first member, 7 partitions,
 * no Jet, no metrics, no logging), no Vert.x and no service, launched together with the JVM flags and the class-data
 * sharing of the services ({@link ServiceProcess#JVM_FLAGS}; a JSA archive on JDK 17 to 24, an AOT cache from JDK
 * 25 on, made first by an untimed training run of one member). Per launch: from the launch until every member sees
 * all the others, and the CPU the members used until then. What the services need on top of this (the event bus,
 * the verticles, the registrations) is the difference to {@code cluster-formation}'s (a).
 */
@Command(name = "hazelcast-floor", mixinStandardHelpOptions = true,
        description = "Bare Hazelcast members launched together: the floor under cluster-formation's (a).")
final class HazelcastFloorBenchmark implements Callable<Integer> {

    private static final int PORT_RANGE = 20;
    private static final List<String> OPENS = List.of("--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

    @Option(names = "--repetitions", description = "Launches of the members together (default ${DEFAULT-VALUE}).")
    int repetitions = 5;

    @Option(names = "--members", description = "Members launched together (default ${DEFAULT-VALUE}).")
    int members = 5;

    private final Path work = Path.of(System.getProperty("ebbflow.home", ".")).toAbsolutePath().normalize()
            .resolve("benchmarks/target/hazelcast-floor");

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(work);
        boolean aot = Runtime.version().feature() >= 25;
        Path archive = work.resolve(aot ? "member.aot" : "member.jsa");
        Files.deleteIfExists(archive);
        run(1, List.of(aot ? "-XX:AOTCacheOutput=" + archive : "-XX:ArchiveClassesAtExit=" + archive));
        List<String> use = aot ? List.of("-XX:AOTCache=" + archive)
                : List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
        List<Long> formed = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int rep = 1; rep <= repetitions; rep++) {
            long[] r = run(members, use);
            formed.add(r[0]);
            cpu.add(r[1] / 1000.0);
            System.out.printf("launch %d: %d members see each other %d ms after the launch, %.2f CPU-s%n", rep,
                    members, r[0], r[1] / 1000.0);
        }
        System.out.println();
        System.out.println("| bare Hazelcast, Java " + Runtime.version().feature() + (aot ? ", AOT cache" : ", CDS archive")
                + " (n=" + repetitions + ") | min / median / max |");
        System.out.println("|---|---|");
        System.out.println("| " + members + " members launched together → all see each other | "
                + ServiceLogs.millisStats(formed) + " |");
        System.out.println("| CPU the " + members + " used until then, s | " + ServiceLogs.doubleStats(cpu, "%.2f") + " |");
        return 0;
    }

    /** Launches {@code n} members together; the slowest's time to see all, and the CPU milliseconds of all. */
    private long[] run(int n, List<String> flags) throws IOException, InterruptedException {
        int base = ServiceLogs.freePortRange(PORT_RANGE);
        String cluster = "floor-" + UUID.randomUUID();
        List<Process> processes = new ArrayList<>();
        try {
            long launch = System.currentTimeMillis();
            for (int i = 0; i < n; i++) {
                List<String> cmd = new ArrayList<>(List.of(ServiceProcess.javaExecutable()));
                cmd.addAll(ServiceProcess.JVM_FLAGS);
                cmd.addAll(OPENS);
                cmd.addAll(flags);
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), HazelcastFloorMember.class.getName(),
                        Integer.toString(n), Long.toString(launch), cluster, Integer.toString(base),
                        Integer.toString(PORT_RANGE)));
                processes.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(work.resolve("member-" + i + ".log").toFile()).start());
            }
            long slowest = 0;
            long cpu = 0;
            for (int i = 0; i < n; i++) {
                if (!processes.get(i).waitFor(2, TimeUnit.MINUTES) || processes.get(i).exitValue() != 0) {
                    throw new IllegalStateException("member " + i + " did not finish; see " + work);
                }
                String line = Files.readAllLines(work.resolve("member-" + i + ".log")).stream()
                        .filter(l -> l.startsWith("formed ")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no result from a member; see " + work));
                String[] f = line.split(" ");
                slowest = Math.max(slowest, Long.parseLong(f[1]));
                cpu += Long.parseLong(f[3]);
            }
            return new long[] {slowest, cpu};
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }
}
