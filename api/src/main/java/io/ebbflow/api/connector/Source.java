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

    /**
     * How often (ms) the JobMaster asks {@link #discoverSplits} for splits that appeared while the job runs (new
     * partitions of a Kafka topic), or -1 (the default) if the source's splits never change.
     */
    default long discoveryIntervalMillis() {
        return -1;
    }

    /**
     * Called in the JobMaster, off its event loop, every {@link #discoveryIntervalMillis()}: the splits that exist
     * now and are not among {@code knownSplitIds} (the splits the job has read or been given), each at the position
     * a split found while running starts from. Each goes to subtask {@link #ownerOf} of the running source, which
     * adds it to its reader; a split assigned after a checkpoint's barrier is found again after a restore from it.
     */
    default List<S> discoverSplits(java.util.Set<String> knownSplitIds) throws Exception {
        return List.of();
    }

    /** The subtask (of {@code parallelism}) that reads a split found by {@link #discoverSplits}. */
    default int ownerOf(S split, int parallelism) {
        return Math.floorMod(split.splitId().hashCode(), parallelism);
    }

    /** The largest parallelism this source supports (a collection source: 1). */
    default int maxParallelism() {
        return Integer.MAX_VALUE;
    }
}
