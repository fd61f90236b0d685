package io.ebbflow.api.connector;

import java.io.Serializable;

/** Makes the record with a given index; must be a pure function of the index (deterministic). */
@FunctionalInterface
public interface GeneratorFunction<T> extends Serializable {
    T map(long index) throws Exception;
}
