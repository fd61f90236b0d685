package io.ebbflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service with an unusable configuration stops at start, exit code 2, naming the key and what was expected. */
class ConfigurationErrorsIT {

    @TempDir
    Path dir;

    @Test
    void unknownKeysWrongTypesAndOutOfRangeValuesStopTheServiceWithAMessage() throws Exception {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                heartbeat:
                  intervall: 5 s
                taskmanager.numberOfTaskSlots: lots
                """);
        try (LocalCluster cluster = new LocalCluster("config-errors", 2, List.of())) {
            ServiceProcess te = cluster.startTaskExecutor("--config", config.toString(), "-Dslot.idle.timeout=-3 s");
            await().atMost(Duration.ofSeconds(60)).until(() -> !te.isAlive());
            assertThat(te.exitCode()).isEqualTo(2);
            assertThat(te.output())
                    .contains("unknown config key 'heartbeat.intervall' (config.yaml); did you mean 'heartbeat.interval'?")
                    .contains("'taskmanager.numberOfTaskSlots' = 'lots' (config.yaml): expected an integer")
                    .contains("'slot.idle.timeout' = '-3 s' (-Dslot.idle.timeout): expected a positive duration");

            ServiceProcess jm = cluster.startJobMaster("--job-description", dir.resolve("missing.yaml").toString());
            await().atMost(Duration.ofSeconds(60)).until(() -> !jm.isAlive());
            assertThat(jm.exitCode()).isEqualTo(2);
            assertThat(jm.output()).contains("job description").contains("does not exist");

            // A job id is a directory name (its checkpoints, the TaskExecutors' job directories): '..' is refused.
            ServiceProcess climbing = cluster.startJobMaster("--job-jar", cluster.home().resolve("examples/target/examples.jar")
                    .toString(), "-j", "io.ebbflow.examples.wordcount.WordCount", "--job-id", "..");
            await().atMost(Duration.ofSeconds(60)).until(() -> !climbing.isAlive());
            assertThat(climbing.exitCode()).isEqualTo(2);
            assertThat(climbing.output()).contains("field '--job-id' must be 1-128 letters, digits")
                    .contains("starting with a letter or digit, got '..'");
        }
    }
}
