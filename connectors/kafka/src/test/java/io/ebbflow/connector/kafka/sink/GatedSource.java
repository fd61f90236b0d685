package io.ebbflow.connector.kafka.sink;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Emits "v-0", "v-1", ... from one split, but only up to a limit the test raises ({@link #allow}), so a test knows
 * which records are before a checkpoint's barrier: it raises the limit, waits until {@link #emitted} reaches it,
 * then triggers the checkpoint. Its position is checkpointed, so a restored job continues after it.
 */
final class GatedSource implements Source<String, GatedSource.Split> {

    private static final Map<String, AtomicLong> LIMITS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLong> EMITTED = new ConcurrentHashMap<>();

    record Split(String splitId, long next) implements SourceSplit {
    }

    private final String name;

    GatedSource(String name) {
        this.name = name;
    }

    /** Lets the source emit records up to (excluding) index {@code limit}. */
    static void allow(String name, long limit) {
        LIMITS.computeIfAbsent(name, n -> new AtomicLong()).set(limit);
    }

    /** The index after the last record the running source emitted (its restored position after a restore). */
    static long emitted(String name) {
        return EMITTED.computeIfAbsent(name, n -> new AtomicLong()).get();
    }

    static List<String> values(long from, long to) {
        List<String> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add("v-" + i);
        }
        return out;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public List<Split> createSplits(int parallelism) {
        return List.of(new Split("gated", 0));
    }

    @Override
    public int maxParallelism() {
        return 1;
    }

    @Override
    public SourceReader<String, Split> createReader(SourceReaderContext context) {
        AtomicLong limit = LIMITS.computeIfAbsent(name, n -> new AtomicLong());
        AtomicLong emitted = EMITTED.computeIfAbsent(name, n -> new AtomicLong());
        return new SourceReader<>() {
            private long next = -1;

            @Override
            public void addSplits(List<Split> splits) {
                for (Split s : splits) {
                    next = s.next();
                    emitted.set(next);
                }
            }

            @Override
            public InputStatus pollNext(ReaderOutput<String> output) {
                for (int k = 0; k < 64 && next >= 0 && next < limit.get(); k++) {
                    output.collect("v-" + next);
                    next++;
                    emitted.set(next);
                }
                return InputStatus.NOTHING_AVAILABLE;
            }

            @Override
            public long waitMillis() {
                return 2;
            }

            @Override
            public List<Split> snapshotState() {
                return next < 0 ? List.of() : List.of(new Split("gated", next));
            }

            @Override
            public void close() {
            }
        };
    }
}
