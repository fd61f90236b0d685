package io.ebbflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.core.config.options.ClusterOptions;
import io.ebbflow.core.config.options.HeartbeatOptions;
import io.ebbflow.core.config.options.RpcOptions;
import io.ebbflow.core.config.options.TaskManagerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = ConfigLoader.forAllOptions();

    @Test
    void defaultsAreFlinksWhenNothingIsSet() {
        Configuration c = loader.load(null, Map.of());
        assertThat(c.get(HeartbeatOptions.INTERVAL)).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.get(HeartbeatOptions.TIMEOUT)).isEqualTo(Duration.ofSeconds(50));
        assertThat(c.get(TaskManagerOptions.NUM_TASK_SLOTS)).isEqualTo(1);
        assertThat(c.get(io.ebbflow.core.config.options.JobManagerOptions.SLOT_IDLE_TIMEOUT)).isEqualTo(Duration.ofSeconds(50));
        assertThat(c.get(io.ebbflow.core.config.options.ResourceManagerOptions.REQUIREMENT_CHECK_DELAY))
                .isEqualTo(Duration.ofMillis(50));
        assertThat(c.explicitValues()).isEmpty();
    }

    @Test
    void flatAndNestedYamlKeysBothWork() throws IOException {
        Path file = write("""
                heartbeat.interval: 2 s
                taskmanager:
                  numberOfTaskSlots: 4
                cluster:
                  members:
                    - 127.0.0.1:5701
                    - 127.0.0.1:5702
                """);
        Configuration c = loader.load(file, Map.of());
        assertThat(c.get(HeartbeatOptions.INTERVAL)).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.get(TaskManagerOptions.NUM_TASK_SLOTS)).isEqualTo(4);
        assertThat(c.get(ClusterOptions.MEMBERS)).containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
        assertThat(c.sourceOf(TaskManagerOptions.NUM_TASK_SLOTS)).contains("config.yaml");
    }

    @Test
    void dynamicPropertiesOverrideTheFile() throws IOException {
        Path file = write("taskmanager.numberOfTaskSlots: 4\n");
        Configuration c = loader.load(file, Map.of("taskmanager.numberOfTaskSlots", "8", "heartbeat.timeout", "5s"));
        assertThat(c.get(TaskManagerOptions.NUM_TASK_SLOTS)).isEqualTo(8);
        assertThat(c.get(HeartbeatOptions.TIMEOUT)).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.sourceOf(TaskManagerOptions.NUM_TASK_SLOTS)).contains("-Dtaskmanager.numberOfTaskSlots");
    }

    @Test
    void flinkOnlyKeyNamesAreReadAsFallbacks() {
        Configuration c = loader.load(null, Map.of("pekko.ask.timeout", "3 s"));
        assertThat(c.get(RpcOptions.ASK_TIMEOUT)).isEqualTo(Duration.ofSeconds(3));
        Configuration both = loader.load(null, Map.of("pekko.ask.timeout", "3 s", "rpc.ask-timeout", "4 s"));
        assertThat(both.get(RpcOptions.ASK_TIMEOUT)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void unknownKeyStopsWithItsNameAndASuggestion() {
        assertThatThrownBy(() -> loader.load(null, Map.of("heartbeat.intervall", "1 s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown config key 'heartbeat.intervall'")
                .hasMessageContaining("did you mean 'heartbeat.interval'");
    }

    @Test
    void wrongTypeNamesTheKeyAndWhatWasExpected() throws IOException {
        Path file = write("taskmanager.numberOfTaskSlots: many\n");
        assertThatThrownBy(() -> loader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'taskmanager.numberOfTaskSlots' = 'many' (config.yaml): expected an integer");
        assertThatThrownBy(() -> loader.load(null, Map.of("heartbeat.interval", "ten seconds")))
                .hasMessageContaining("'heartbeat.interval'").hasMessageContaining("expected a duration");
    }

    @Test
    void outOfRangeValueNamesTheRange() {
        assertThatThrownBy(() -> loader.load(null, Map.of("taskmanager.numberOfTaskSlots", "0")))
                .hasMessageContaining("'taskmanager.numberOfTaskSlots' = '0'")
                .hasMessageContaining("expected an integer in [1, 1024], got 0");
        assertThatThrownBy(() -> loader.load(null, Map.of("heartbeat.interval", "-5 s")))
                .hasMessageContaining("expected a positive duration");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ConfigException e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() ->
                loader.load(null, Map.of("nope", "1", "taskmanager.numberOfTaskSlots", "x")));
        assertThat(e.problems()).hasSize(2);
    }

    @Test
    void keySetFlatAndNestedInOneFileIsAnError() throws IOException {
        Path file = write("""
                heartbeat.interval: 2 s
                heartbeat:
                  interval: 3 s
                """);
        assertThatThrownBy(() -> loader.load(file, Map.of())).hasMessageContaining("'heartbeat.interval' is set twice");
    }

    @Test
    void brokenYamlAndMissingFileAreNamed() throws IOException {
        Path file = write("heartbeat.interval: [unclosed\n");
        assertThatThrownBy(() -> loader.load(file, Map.of())).hasMessageContaining("is not valid YAML");
        assertThatThrownBy(() -> loader.load(dir.resolve("missing.yaml"), Map.of())).hasMessageContaining("does not exist");
    }

    @Test
    void heartbeatTimeoutMustExceedTheInterval() {
        Configuration c = loader.load(null, Map.of("heartbeat.interval", "10 s", "heartbeat.timeout", "5 s"));
        assertThatThrownBy(() -> HeartbeatOptions.check(c))
                .hasMessageContaining("'heartbeat.timeout' (5 s) must be longer than 'heartbeat.interval' (10 s)");
    }

    @Test
    void valuesSetInCodeAreRangeChecked() {
        assertThatThrownBy(() -> Configuration.builder().set(TaskManagerOptions.NUM_TASK_SLOTS, 0))
                .isInstanceOf(ConfigException.class).hasMessageContaining("taskmanager.numberOfTaskSlots");
        assertThat(Configuration.builder().set(ClusterOptions.MEMBERS, List.of("a:1")).build().get(ClusterOptions.MEMBERS))
                .containsExactly("a:1");
    }

    @Test
    void durationsAndSizesParseTheWayFlinkWritesThem() {
        assertThat(ConfigType.DURATION.parse("50ms")).isEqualTo(Duration.ofMillis(50));
        assertThat(ConfigType.DURATION.parse("10 s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(ConfigType.DURATION.parse("5 min")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ConfigType.DURATION.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(ConfigType.DURATION.parse("1500")).isEqualTo(Duration.ofMillis(1500));
        assertThat(ConfigType.DURATION.parse("-1")).isEqualTo(Duration.ofMillis(-1));
        assertThat(ConfigType.DURATION.format(Duration.ofSeconds(50))).isEqualTo("50 s");
        assertThat(MemorySize.parse("10 mb").bytes()).isEqualTo(10L << 20);
        assertThat(MemorySize.parse("10485760b").bytes()).isEqualTo(10L << 20);
        assertThat(MemorySize.ofMebiBytes(10).toString()).isEqualTo("10 mb");
        assertThatThrownBy(() -> MemorySize.parse("10 parsecs")).hasMessageContaining("unknown memory unit");
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void secretsAreMaskedInTheValuesForTheStartUpLog() {
        Configuration c = loader.load(null, Map.of("rest.auth.token", "s3cret", "rest.auth.token-file", "/tmp/t",
                "taskmanager.numberOfTaskSlots", "4"));

        assertThat(c.loggableValues()).containsEntry("rest.auth.token", "******")
                .containsEntry("rest.auth.token-file", "/tmp/t").containsEntry("taskmanager.numberOfTaskSlots", 4);
        assertThat(c.loggableValues().toString()).doesNotContain("s3cret");
        assertThat(Configuration.isSecret("security.ssl.internal.keystore-password")).isTrue();
        assertThat(Configuration.isSecret("security.ssl.internal.keystore")).isFalse();
    }
}
