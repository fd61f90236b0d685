package io.ebbflow.examples.checker;

import io.ebbflow.api.connector.Boundedness;
import io.ebbflow.api.connector.InputStatus;
import io.ebbflow.api.connector.ReaderOutput;
import io.ebbflow.api.connector.Source;
import io.ebbflow.api.connector.SourceReader;
import io.ebbflow.api.connector.SourceReaderContext;
import io.ebbflow.api.connector.SourceSplit;
import io.ebbflow.api.tuple.Tuple2;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * For every key in {@code [0, keys)} the numbers 0, 1, 2, ... in order, as {@code (key, seq)}. Keys are
 * dealt to splits (key k to split k mod splits); a split emits one round (every key's next number) at a
 * time and remembers the next number, so it is replayable from a checkpoint and movable to another
 * subtask on a rescale.
 */
public final class KeyedSequenceSource implements Source<Tuple2<Integer, Long>, KeyedSequenceSource.Split> {

    private final int keys;
    private final int splits;
    private final long perKey;
    private final double rate;

    /**
     * @param perKey numbers per key ({@code Long.MAX_VALUE}: unbounded)
     * @param rate records per second over all subtasks (0: unlimited)
     */
    public KeyedSequenceSource(int keys, int splits, long perKey, double rate) {
        this.keys = keys;
        this.splits = Math.max(1, Math.min(splits, keys));
        this.perKey = perKey;
        this.rate = rate;
    }

    /** The keys {@code k} with {@code k mod numSplits == index}, and the next number for all of them. */
    public record Split(String splitId, int index, int numSplits, int keys, long next) implements SourceSplit {
    }

    @Override
    public Boundedness getBoundedness() {
        return perKey == Long.MAX_VALUE ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public List<Split> createSplits(int parallelism) {
        List<Split> out = new ArrayList<>();
        for (int i = 0; i < splits; i++) {
            out.add(new Split("keys-" + i, i, splits, keys, 0));
        }
        return out;
    }

    @Override
    public SourceReader<Tuple2<Integer, Long>, Split> createReader(SourceReaderContext context) {
        return new Reader(context, rate / Math.max(1, context.parallelism()), perKey);
    }

    private static final class Reader implements SourceReader<Tuple2<Integer, Long>, Split> {
        private final SourceReaderContext context;
        private final double rate;
        private final long perKey;
        private final ArrayDeque<long[]> splits = new ArrayDeque<>(); // index, numSplits, keys, next
        private final ArrayDeque<String> ids = new ArrayDeque<>();
        private long startMillis = -1;
        private long emitted;

        Reader(SourceReaderContext context, double rate, long perKey) {
            this.context = context;
            this.rate = rate;
            this.perKey = perKey;
        }

        @Override
        public void addSplits(List<Split> added) {
            for (Split s : added) {
                splits.add(new long[] {s.index(), s.numSplits(), s.keys(), s.next()});
                ids.add(s.splitId());
            }
        }

        @Override
        public InputStatus pollNext(ReaderOutput<Tuple2<Integer, Long>> output) {
            if (splits.isEmpty()) {
                return InputStatus.END_OF_INPUT;
            }
            long[] s = splits.peek();
            int keysInSplit = (int) ((s[2] - s[0] + s[1] - 1) / s[1]);
            if (rate > 0) {
                long now = context.currentProcessingTimeMillis();
                if (startMillis < 0) {
                    startMillis = now;
                }
                if ((now - startMillis) / 1000.0 * rate + keysInSplit < emitted + keysInSplit) {
                    return InputStatus.NOTHING_AVAILABLE;
                }
            }
            // One round of this split: every key's next number.
            for (long k = s[0]; k < s[2]; k += s[1]) {
                output.collect(Tuple2.of((int) k, s[3]));
            }
            emitted += keysInSplit;
            s[3]++;
            // Rotate, so every split advances.
            splits.poll();
            String id = ids.poll();
            if (s[3] < perKey) {
                splits.add(s);
                ids.add(id);
            }
            return splits.isEmpty() ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
        }

        @Override
        public long waitMillis() {
            return 5;
        }

        @Override
        public List<Split> snapshotState() {
            List<Split> out = new ArrayList<>();
            var id = ids.iterator();
            for (long[] s : splits) {
                out.add(new Split(id.next(), (int) s[0], (int) s[1], (int) s[2], s[3]));
            }
            return out;
        }
    }
}
