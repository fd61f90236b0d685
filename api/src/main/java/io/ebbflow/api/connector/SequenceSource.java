package io.ebbflow.api.connector;

import java.util.ArrayList;
import java.util.List;

/**
 * The longs {@code from..to} (inclusive), each once, as Flink's {@code fromSequence}. The range is cut
 * into one split per subtask; a split remembers how far it got.
 */
public final class SequenceSource implements Source<Long, SequenceSource.Split> {

    private static final int BATCH = 1024;

    private final long from;
    private final long to;

    public SequenceSource(long from, long to) {
        if (to < from) {
            throw new IllegalArgumentException("sequence end " + to + " is below its start " + from);
        }
        this.from = from;
        this.to = to;
    }

    /** A range of the sequence and the next number to emit. */
    public record Split(String splitId, long next, long to) implements SourceSplit {
    }

    @Override
    public Boundedness getBoundedness() {
        return to == Long.MAX_VALUE ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public List<Split> createSplits(int parallelism) {
        List<Split> splits = new ArrayList<>();
        List<long[]> ranges = Ranges.split(from, to, parallelism);
        for (int i = 0; i < ranges.size(); i++) {
            splits.add(new Split("seq-" + i, ranges.get(i)[0], ranges.get(i)[1]));
        }
        return splits;
    }

    @Override
    public SourceReader<Long, Split> createReader(SourceReaderContext context) {
        return new Reader();
    }

    private static final class Reader implements SourceReader<Long, Split> {
        private final java.util.ArrayDeque<long[]> ranges = new java.util.ArrayDeque<>();
        private final java.util.ArrayDeque<String> ids = new java.util.ArrayDeque<>();

        @Override
        public void addSplits(List<Split> splits) {
            for (Split s : splits) {
                if (s.next() <= s.to()) {
                    ranges.add(new long[] {s.next(), s.to()});
                    ids.add(s.splitId());
                }
            }
        }

        @Override
        public InputStatus pollNext(ReaderOutput<Long> output) {
            long[] r = ranges.peek();
            if (r == null) {
                return InputStatus.END_OF_INPUT;
            }
            for (int i = 0; i < BATCH; i++) {
                output.collect(r[0]);
                if (r[0] == r[1]) {
                    ranges.poll();
                    ids.poll();
                    return ranges.isEmpty() ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
                }
                r[0]++;
            }
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<Split> snapshotState() {
            List<Split> out = new ArrayList<>();
            java.util.Iterator<String> id = ids.iterator();
            for (long[] r : ranges) {
                out.add(new Split(id.next(), r[0], r[1]));
            }
            return out;
        }
    }
}
