package io.ebbflow.runtime.testing;

import static org.awaitility.Awaitility.await;

import io.ebbflow.api.StreamExecutionEnvironment;
import io.ebbflow.api.connector.DiscardingSink;
import io.ebbflow.api.connector.Source;
import io.ebbflow.api.eventtime.WatermarkStrategy;
import io.ebbflow.core.job.ExecutionState;
import io.ebbflow.runtime.local.LocalJobRunner;
import java.time.Duration;

/** Small jobs and waits for tests that run jobs in a {@link LocalJobRunner}. */
public final class LocalJobs {

    private LocalJobs() {
    }

    /** {@code source} at {@code parallelism} into a sink that discards. */
    public static StreamExecutionEnvironment discarding(Source<Long, ?> source, int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "test source").addSink(new DiscardingSink<>());
        return env;
    }

    /** Waits until every subtask of the runner's job runs. */
    public static void awaitRunning(LocalJobRunner runner) {
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.states().size() == runner.tasks().size()
                && runner.states().values().stream().allMatch(s -> s == ExecutionState.RUNNING));
    }
}
