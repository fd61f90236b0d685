package io.ebbflow.api.connector;

/** What a reader knows of its subtask. */
public interface SourceReaderContext {

    int subtaskIndex();

    int parallelism();

    long currentProcessingTimeMillis();
}
