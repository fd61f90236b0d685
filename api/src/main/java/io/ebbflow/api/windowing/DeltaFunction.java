package io.ebbflow.api.windowing;

import java.io.Serializable;

/** The distance between two elements, for {@link DeltaTrigger}. */
@FunctionalInterface
public interface DeltaFunction<T> extends Serializable {
    double getDelta(T oldDataPoint, T newDataPoint);
}
