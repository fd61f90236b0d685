package io.ebbflow.core.config;

import io.ebbflow.core.config.options.ClusterOptions;
import io.ebbflow.core.config.options.HeartbeatOptions;
import io.ebbflow.core.config.options.JobManagerOptions;
import io.ebbflow.core.config.options.MetricOptions;
import io.ebbflow.core.config.options.PipelineOptions;
import io.ebbflow.core.config.options.RegistrationOptions;
import io.ebbflow.core.config.options.ResourceManagerOptions;
import io.ebbflow.core.config.options.ResourceProviderOptions;
import io.ebbflow.core.config.options.RestOptions;
import io.ebbflow.core.config.options.RpcOptions;
import io.ebbflow.core.config.options.TaskManagerOptions;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of every option Ebbflow declares. One {@code config.yaml} is shared by all services, so
 * every service accepts every key listed here, and nothing else.
 */
public final class AllOptions {

    /** The option holder classes, each a section of {@code docs/configuration.md}, in the order shown there. */
    private static final Map<String, Class<?>> SECTIONS = sections();

    private AllOptions() {
    }

    private static Map<String, Class<?>> sections() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("Cluster membership", ClusterOptions.class);
        m.put("Heartbeats", HeartbeatOptions.class);
        m.put("Requests between services", RpcOptions.class);
        m.put("Registration", RegistrationOptions.class);
        m.put("ResourceManager", ResourceManagerOptions.class);
        m.put("Resource providers (active resource management)", ResourceProviderOptions.class);
        m.put("Job defaults", PipelineOptions.class);
        m.put("JobMaster: scheduler and slot pool", JobManagerOptions.class);
        m.put("JobMaster: scaling policy", io.ebbflow.core.config.options.AutoscalerOptions.class);
        m.put("Checkpoints and savepoints", io.ebbflow.core.config.options.CheckpointingOptions.class);
        m.put("Restart strategy", io.ebbflow.core.config.options.RestartStrategyOptions.class);
        m.put("High availability", io.ebbflow.core.config.options.HighAvailabilityOptions.class);
        m.put("S3 object storage", io.ebbflow.core.config.options.S3Options.class);
        m.put("TaskExecutor", TaskManagerOptions.class);
        m.put("REST gateway", RestOptions.class);
        m.put("Metrics", MetricOptions.class);
        m.put("Security: TLS and the cluster secret", io.ebbflow.core.config.options.SecurityOptions.class);
        return m;
    }

    /** Every declared option, sorted by key within each section. */
    public static List<ConfigOption<?>> list() {
        List<ConfigOption<?>> all = new ArrayList<>();
        bySection().values().forEach(all::addAll);
        return all;
    }

    /** Section title to its options, sorted by key. */
    public static Map<String, List<ConfigOption<?>>> bySection() {
        Map<String, List<ConfigOption<?>>> out = new LinkedHashMap<>();
        SECTIONS.forEach((title, holder) -> out.put(title, optionsOf(holder)));
        return out;
    }

    static List<ConfigOption<?>> optionsOf(Class<?> holder) {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field f : holder.getDeclaredFields()) {
            int mod = f.getModifiers();
            if (Modifier.isStatic(mod) && Modifier.isPublic(mod) && ConfigOption.class.isAssignableFrom(f.getType())) {
                try {
                    options.add((ConfigOption<?>) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        options.sort(Comparator.comparing(ConfigOption::key));
        return options;
    }
}
