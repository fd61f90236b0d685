package io.ebbflow.api.windowing;

import java.io.Serializable;

/** The session gap, in milliseconds, that an element opens (dynamic session windows). */
@FunctionalInterface
public interface SessionWindowTimeGapExtractor<T> extends Serializable {
    long extract(T element);
}
