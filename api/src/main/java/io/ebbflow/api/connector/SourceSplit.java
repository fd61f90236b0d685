package io.ebbflow.api.connector;

import java.io.Serializable;

/**
 * A part of a source's input together with the reader's position in it. Splits are the unit of
 * parallelism, of progress and of redistribution when a job's parallelism changes.
 */
public interface SourceSplit extends Serializable {
    String splitId();
}
