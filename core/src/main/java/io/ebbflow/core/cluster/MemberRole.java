package io.ebbflow.core.cluster;

/**
 * What a service is in the Hazelcast cluster under the event bus.
 *
 * <p>{@link #DATA} members (ResourceManagers, JobMasters, the web-ui) own the partitions of the shared
 * maps ({@code ebbflow.*}) and of the event bus's registration maps, with backups on other data members.
 * {@link #LITE} members (TaskExecutors) own no partition: they read and write the same maps remotely and
 * send and receive on the event bus like anyone else, but their arrival or departure moves no data, so
 * TaskExecutor churn never migrates partitions and a TaskExecutor joins without waiting for a migration.
 */
public enum MemberRole {
    /** Holds partitions of the shared maps (with backups). */
    DATA,
    /** Holds no partitions; needs at least one data member in the cluster to use maps or the event bus. */
    LITE
}
