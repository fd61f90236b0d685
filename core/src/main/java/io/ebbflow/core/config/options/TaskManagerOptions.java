package io.ebbflow.core.config.options;

import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.Ranges;
import java.time.Duration;

/** The TaskExecutor (Flink's TaskManager). */
public final class TaskManagerOptions {

    private TaskManagerOptions() {
    }

    public static final ConfigOption<Integer> NUM_TASK_SLOTS = ConfigOption.key("taskmanager.numberOfTaskSlots")
            .intType().defaultValue(1)
            .validate("an integer in [1, 1024]", Ranges.intBetween(1, 1024))
            .withDescription("Number of slots a TaskExecutor offers. Slot k of a slot-sharing group runs subtask k "
                    + "of every vertex in that group.");

    public static final ConfigOption<String> RESOURCE_ID = ConfigOption.key("taskmanager.resource-id")
            .stringType()
            .derivedDefault("'<cluster.host>-<pid>-<6 random hex digits>'")
            .validate("letters, digits, '.', '_' and '-'", s -> s.matches("[A-Za-z0-9._-]{1,128}") ? null
                    : "expected 1-128 letters, digits, '.', '_' or '-', got '" + s + "'")
            .withDescription("Identity of the TaskExecutor in the cluster, in REST paths and in metric labels. Must "
                    + "be unique among running TaskExecutors.");

    public static final ConfigOption<Duration> SLOT_TIMEOUT = ConfigOption.key("taskmanager.slot.timeout")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .validate("a positive duration", Ranges.positive())
            .withDescription("A slot allocated to a job but not accepted by that job's JobMaster within this time "
                    + "(for example because the JobMaster is gone) is freed and reported free to the ResourceManager.");
}
