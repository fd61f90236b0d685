package io.ebbflow.core.cluster;

/**
 * A shared-map value with its version and fencing epoch.
 *
 * @param version increases by one with every write of the key; starts at 1
 * @param fence the highest writer epoch that wrote the key; writers with a lower epoch are refused
 * @param value the value
 */
public record Versioned<T>(long version, long fence, T value) {
}
