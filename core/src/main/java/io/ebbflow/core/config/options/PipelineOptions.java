package io.ebbflow.core.config.options;

import io.ebbflow.core.config.ConfigOption;

/** Job-level defaults (Flink's keys and defaults). */
public final class PipelineOptions {

    private PipelineOptions() {
    }

    public static final ConfigOption<Integer> DEFAULT_PARALLELISM = ConfigOption.key("parallelism.default")
            .intType().defaultValue(1)
            .validate("an integer in [1, 32768]", v -> v >= 1 && v <= 32768 ? null
                    : "expected an integer in [1, 32768], got " + v)
            .withDescription("Parallelism of vertices that set none (their target). The job-master's '-p' flag "
                    + "sets it for one job.");

    public static final ConfigOption<Integer> MAX_PARALLELISM = ConfigOption.key("pipeline.max-parallelism")
            .intType().defaultValue(-1)
            .validate("-1 or an integer in [1, 32768]", v -> v == -1 || (v >= 1 && v <= 32768) ? null
                    : "expected -1 or an integer in [1, 32768], got " + v)
            .withDescription("Max parallelism (number of key groups) of vertices that set none. -1 derives it from "
                    + "each vertex's parallelism: 1.5 x parallelism rounded up to a power of two, at least 128.");

    public static final ConfigOption<java.time.Duration> BUFFER_TIMEOUT = ConfigOption.key("execution.buffer-timeout")
            .durationType().defaultValue(java.time.Duration.ofMillis(100))
            .validate("a duration >= 0", io.ebbflow.core.config.Ranges.notNegative())
            .withDescription("A buffer that is not full is sent after this long, so records never wait longer. 0 sends "
                    + "after every record (lowest latency, lowest throughput).");

    public static final ConfigOption<java.time.Duration> AUTO_WATERMARK_INTERVAL = ConfigOption
            .key("pipeline.auto-watermark-interval")
            .durationType().defaultValue(java.time.Duration.ofMillis(200))
            .validate("a positive duration", io.ebbflow.core.config.Ranges.positive())
            .withDescription("How often watermark generators are asked for a watermark.");
}
