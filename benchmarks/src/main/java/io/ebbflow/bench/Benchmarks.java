package io.ebbflow.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar benchmarks/target/benchmarks.jar <benchmark> [options]}. Benchmarks measure; they do not
 * assert. Their figures, with the command that produced them, go to {@code docs/benchmarks.md}.
 */
@Command(name = "benchmarks", mixinStandardHelpOptions = true, subcommands = {ControlPlaneBenchmark.class, LivenessBenchmark.class, ThroughputBenchmark.class, KeyedSumRun.class, StateBenchmark.class, StateRun.class, ReactiveBenchmark.class, ClusterFormationBenchmark.class, HazelcastFloorBenchmark.class, ChaosBenchmark.class, FailoverBenchmark.class, LaunchBenchmark.class, KafkaBenchmark.class, KafkaCountRun.class, KafkaScaleOutBenchmark.class, AutoscalerCompareBenchmark.class},
        description = "Ebbflow benchmarks. Run from the repository root after 'mvn package'.")
public final class Benchmarks implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Benchmarks()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
