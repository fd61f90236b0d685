package io.ebbflow.api.connector;

import java.io.Serializable;
import java.util.List;

/**
 * A source of records. Its input is cut into {@linkplain SourceSplit splits} when the job starts; the
 * splits are spread over the source's subtasks (split i to subtask i mod parallelism), each of which
 * reads its splits with a {@link SourceReader}.
 */
public interface Source<T, S extends SourceSplit> extends Serializable {

    Boundedness getBoundedness();

    /** The splits of the whole input; {@code parallelism} is the source's parallelism at job start. */
    List<S> createSplits(int parallelism) throws Exception;

    SourceReader<T, S> createReader(SourceReaderContext context);

    /** The largest parallelism this source supports (a collection source: 1). */
    default int maxParallelism() {
        return Integer.MAX_VALUE;
    }
}
