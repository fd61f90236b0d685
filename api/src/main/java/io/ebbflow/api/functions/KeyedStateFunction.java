package io.ebbflow.api.functions;

import io.ebbflow.api.state.State;

/** Called once per key that has a value in a keyed state ({@code applyToKeyedState}), with that key's state. */
@FunctionalInterface
public interface KeyedStateFunction<K, S extends State> {

    void process(K key, S state) throws Exception;
}
