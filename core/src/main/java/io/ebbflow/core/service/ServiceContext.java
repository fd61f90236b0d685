package io.ebbflow.core.service;

import io.ebbflow.core.cluster.ClusterNode;
import io.ebbflow.core.config.Configuration;

/**
 * What a service's verticle is given: the validated configuration, its cluster node, and a way to stop
 * the whole process when it cannot go on (for example a TaskExecutor that found no ResourceManager for
 * {@code taskmanager.registration.timeout}).
 */
public record ServiceContext(Configuration config, ClusterNode node, ProcessControl process) {

    /** Stops the process in order: the verticle's stop runs (deregistration), then the cluster is left. */
    @FunctionalInterface
    public interface ProcessControl {
        void exit(int exitCode, String reason);
    }
}
