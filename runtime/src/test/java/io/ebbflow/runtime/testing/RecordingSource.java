package io.ebbflow.runtime.testing;

import io.ebbflow.api.connector.Boundedness;
import io.ebbflow.api.connector.InputStatus;
import io.ebbflow.api.connector.ReaderOutput;
import io.ebbflow.api.connector.Source;
import io.ebbflow.api.connector.SourceReader;
import io.ebbflow.api.connector.SourceReaderContext;
import io.ebbflow.api.connector.SourceSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An unbounded source for tests of the runtime's side of the source contracts. It reads nothing; its readers
 * write what the runtime calls on them into the {@link Log} of the source's name (subtasks run on copies of the
 * source, so the log is found by name): splits added, snapshots and completed checkpoints, each with the subtask
 * index and the thread. Splits can appear while the job runs ({@link Log#appear}), found by
 * {@link #discoverSplits}, which can also be made to fail.
 */
public final class RecordingSource implements Source<Long, RecordingSource.Split> {

    /** A split; its position is the number of times a reader polled while holding it. */
    public record Split(String splitId, long position) implements SourceSplit {
    }

    /** One call on a reader. */
    public record Call(String what, int subtask, String detail, String thread) {
    }

    /** What the readers and discovery of one source did, and what the test arranged. */
    public static final class Log {
        public final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        /** The split ids discovery finds (it returns those not known). */
        public final Set<String> available = ConcurrentHashMap.newKeySet();
        /** Every set of known ids discovery was called with, in order. */
        public final List<Set<String>> discoveryCalls = new CopyOnWriteArrayList<>();
        /** The threads discovery ran on. */
        public final Set<String> discoveryThreads = ConcurrentHashMap.newKeySet();
        /** The class loaders that were the context class loader of discovery calls. */
        public final Set<ClassLoader> discoveryLoaders = ConcurrentHashMap.newKeySet();
        public volatile RuntimeException discoveryFailure;
        public volatile RuntimeException notifyFailure;

        public void appear(String... splitIds) {
            available.addAll(List.of(splitIds));
        }

        /** The split ids added to subtask {@code index}'s reader, in order. */
        public List<String> added(int subtask) {
            return calls.stream().filter(c -> c.what().equals("add") && c.subtask() == subtask).map(Call::detail).toList();
        }

        public List<Call> of(String what) {
            return calls.stream().filter(c -> c.what().equals(what)).toList();
        }
    }

    private static final Map<String, Log> LOGS = new ConcurrentHashMap<>();

    private final String name;
    private final List<String> initialSplits;
    private final long discoveryIntervalMillis;

    /**
     * @param name the log's name (unique per test)
     * @param initialSplits the split ids of the job's start, dealt as {@link #createSplits} does
     * @param discoveryIntervalMillis how often the JobMaster looks for new splits (-1: never)
     */
    public RecordingSource(String name, List<String> initialSplits, long discoveryIntervalMillis) {
        this.name = name;
        this.initialSplits = List.copyOf(initialSplits);
        this.discoveryIntervalMillis = discoveryIntervalMillis;
        LOGS.put(name, new Log());
    }

    public static Log log(String name) {
        return LOGS.get(name);
    }

    public Log log() {
        return LOGS.get(name);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public List<Split> createSplits(int parallelism) {
        return initialSplits.stream().map(id -> new Split(id, 0)).toList();
    }

    @Override
    public long discoveryIntervalMillis() {
        return discoveryIntervalMillis;
    }

    @Override
    public List<Split> discoverSplits(Set<String> knownSplitIds) {
        Log log = log();
        log.discoveryCalls.add(Set.copyOf(knownSplitIds));
        log.discoveryThreads.add(Thread.currentThread().getName());
        log.discoveryLoaders.add(Thread.currentThread().getContextClassLoader());
        RuntimeException failure = log.discoveryFailure;
        if (failure != null) {
            throw failure;
        }
        return log.available.stream().filter(id -> !knownSplitIds.contains(id)).sorted().map(id -> new Split(id, 0)).toList();
    }

    @Override
    public SourceReader<Long, Split> createReader(SourceReaderContext context) {
        Log log = log();
        int subtask = context.subtaskIndex();
        return new SourceReader<>() {
            private final List<Split> splits = new ArrayList<>();

            private void record(String what, String detail) {
                log.calls.add(new Call(what, subtask, detail, Thread.currentThread().getName()));
            }

            @Override
            public void addSplits(List<Split> added) {
                for (Split s : added) {
                    splits.add(s);
                    record("add", s.splitId());
                }
            }

            @Override
            public InputStatus pollNext(ReaderOutput<Long> output) {
                splits.replaceAll(s -> new Split(s.splitId(), s.position() + 1));
                return InputStatus.NOTHING_AVAILABLE;
            }

            @Override
            public List<Split> snapshotState() {
                throw new AssertionError("the runtime snapshots with the checkpoint's id");
            }

            @Override
            public List<Split> snapshotState(long checkpointId) {
                record("snapshot", Long.toString(checkpointId));
                return new ArrayList<>(splits);
            }

            @Override
            public void notifyCheckpointComplete(long checkpointId) {
                record("complete", Long.toString(checkpointId));
                RuntimeException failure = log.notifyFailure;
                if (failure != null) {
                    throw failure;
                }
            }

            @Override
            public long waitMillis() {
                return 5;
            }
        };
    }
}
