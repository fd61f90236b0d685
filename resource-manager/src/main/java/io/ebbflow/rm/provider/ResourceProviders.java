package io.ebbflow.rm.provider;

import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.ResourceManagerOptions;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** Makes the provider {@code resourcemanager.provider} names. */
public final class ResourceProviders {

    private ResourceProviders() {
    }

    /**
     * @param loop the ResourceManager's event-loop context
     * @return the provider, or null for {@code standalone} (no active resource management)
     */
    public static ResourceProvider create(Vertx vertx, Context loop, Configuration config) {
        return switch (config.get(ResourceManagerOptions.PROVIDER)) {
            case STANDALONE -> null;
            case PROCESS -> new ProcessResourceProvider(vertx, loop, config);
            case KUBERNETES -> new KubernetesResourceProvider(vertx, loop, config,
                    new io.fabric8.kubernetes.client.KubernetesClientBuilder().build());
        };
    }
}
