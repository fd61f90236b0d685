package io.ebbflow.rm.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.config.ConfigLoader;
import io.ebbflow.core.config.Configuration;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line of a worker process: the ResourceManager's cluster options, not its ports or identity. */
class ProcessResourceProviderTest {

    private static Configuration config(Map<String, String> values) {
        return ConfigLoader.forAllOptions().load(null, values);
    }

    @Test
    void aWorkerGetsTheClusterOptionsItsIdAndTheMarkButNotTheResourceManagersPorts() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("cluster.name", "prod");
        values.put("cluster.port", "22547");
        values.put("cluster.port-count", "1");
        values.put("cluster.members", "10.0.0.1:5701,10.0.0.2:5701");
        values.put("heartbeat.interval", "1s");
        values.put("metrics.reporter.prom.port", "9249");
        values.put("taskmanager.numberOfTaskSlots", "2");
        values.put("resourcemanager.process.task-executor-jar", "/opt/ebbflow/task-executor.jar");
        values.put("env.java.opts.taskmanager", " -Xmx100m   -XX:+UseSerialGC ");
        ProcessResourceProvider provider = new ProcessResourceProvider(null, null, config(values));

        List<String> cmd = provider.command("worker-1");

        assertThat(cmd.get(0)).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        assertThat(cmd.subList(1, 6)).containsExactly("-Xmx100m", "-XX:+UseSerialGC", "-Debbflow.worker-of=prod", "-jar",
                "/opt/ebbflow/task-executor.jar");
        assertThat(cmd).contains("-Dcluster.name=prod", "-Dcluster.members=10.0.0.1:5701,10.0.0.2:5701",
                "-Dheartbeat.interval=1 s", "-Dtaskmanager.numberOfTaskSlots=2", "-Dtaskmanager.resource-id=worker-1",
                "-Dmetrics.reporter.prom.port=0");
        assertThat(cmd).noneMatch(a -> a.startsWith("-Dcluster.port=") || a.startsWith("-Dcluster.port-count=")
                || a.equals("-Dmetrics.reporter.prom.port=9249"));
        assertThat(cmd.get(cmd.size() - 2)).as("the worker id comes after the copied options")
                .isEqualTo("-Dtaskmanager.resource-id=worker-1");
    }

    @Test
    void theCopiedOptionsReadBackToTheSameValues() {
        Map<String, String> values = Map.of("cluster.name", "c", "heartbeat.timeout", "7s",
                "taskmanager.memory.segment-size", "64kb", "cluster.members", "a:1,b:2");
        Configuration original = config(values);
        Map<String, String> copied = new LinkedHashMap<>();
        for (String arg : ProcessResourceProvider.serviceOptions(original)) {
            String kv = arg.substring(2);
            copied.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        assertThat(config(copied).explicitValues()).isEqualTo(original.explicitValues());
    }
}
