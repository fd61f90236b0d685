package io.ebbflow.bench;

import io.ebbflow.e2e.chaos.ChaosRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The chaos suite at full length ({@link ChaosRun}): 10 minutes of kill -9 of TaskExecutors, JobMaster and
 * ResourceManager leaders, a SIGSTOP of a TaskExecutor and a corrupted checkpoint, under the exactly-once checker
 * job; prints the outcome and each kind of recovery's min / median / max. Exit code 1 if the run was not clean.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Chaos suite: failover under kill -9, SIGSTOP and a corrupt checkpoint, with the exactly-once checker.")
final class ChaosBenchmark implements Callable<Integer> {

    @Option(names = "--minutes", description = "How long faults are injected (default ${DEFAULT-VALUE}).")
    int minutes = 10;

    @Option(names = "--seed", description = "Seed of the fault schedule (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("ebbflow-chaos-");
        ChaosRun.Settings settings = minutes == 10 ? ChaosRun.Settings.full(dir, seed)
                : ChaosRun.Settings.compressed(dir, seed, Duration.ofMinutes(minutes));
        ChaosRun.Result r = new ChaosRun(settings, System.out::println).run();
        System.out.println();
        System.out.println("| recovery (fault → job RUNNING again, every subtask redeployed; RM: new leader) | min / median / max |");
        System.out.println("|---|---|");
        for (String fault : new String[] {"taskexecutor-kill", "taskexecutor-sigstop", "jobmaster-kill",
            "corrupt-checkpoint+jobmaster-kill", "resourcemanager-kill"}) {
            System.out.println("| " + r.summary(fault).replaceFirst(": ", " | ") + " |");
        }
        System.out.println();
        System.out.printf("violations %d, records checked %d, keys sampled %d, sampled lines committed %d, corrupt "
                + "checkpoints fallen back from %d%n", r.violations(), r.recordsChecked(), r.keysSampled(),
                r.linesCommitted(), r.corruptFallbacks());
        System.out.println("output problems: " + (r.outputProblems().isEmpty() ? "none" : r.outputProblems()));
        System.out.println("problems: " + (r.problems().isEmpty() ? "none" : r.problems()));
        return r.clean() ? 0 : 1;
    }
}
