package io.ebbflow.api.connector;

import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic generator: record i (for i in {@code [0, count)}) is {@code generator.map(i)}, at
 * most {@code recordsPerSecond} records per second over all subtasks (0 = as fast as possible). Like
 * Flink's {@code DataGeneratorSource}. The index range is split evenly over the subtasks.
 */
public final class GeneratorSource<T> implements Source<T, GeneratorSource.Split> {

    private final GeneratorFunction<T> generator;
    private final long count;
    private final double recordsPerSecond;

    private GeneratorSource(GeneratorFunction<T> generator, long count, double recordsPerSecond) {
        if (count < 0 || recordsPerSecond < 0) {
            throw new IllegalArgumentException("count and rate must not be negative");
        }
        this.generator = generator;
        this.count = count;
        this.recordsPerSecond = recordsPerSecond;
    }

    /**
     * @param count how many records; {@code Long.MAX_VALUE} for an unbounded stream
     * @param recordsPerSecond the total rate over all subtasks, 0 for no limit
     */
    public static <T> GeneratorSource<T> of(GeneratorFunction<T> generator, long count, double recordsPerSecond) {
        return new GeneratorSource<>(generator, count, recordsPerSecond);
    }

    /** A range of indexes and the next one to generate. */
    public record Split(String splitId, long next, long end) implements SourceSplit {
    }

    @Override
    public Boundedness getBoundedness() {
        return count == Long.MAX_VALUE ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public List<Split> createSplits(int parallelism) {
        List<Split> splits = new ArrayList<>();
        List<long[]> ranges = Ranges.split(0, count - 1, parallelism);
        for (int i = 0; i < ranges.size(); i++) {
            splits.add(new Split("gen-" + i, ranges.get(i)[0], ranges.get(i)[1] + 1));
        }
        return splits;
    }

    @Override
    public SourceReader<T, Split> createReader(SourceReaderContext context) {
        double perSubtask = recordsPerSecond / Math.max(1, context.parallelism());
        return new Reader<>(generator, perSubtask, context);
    }

    private static final class Reader<T> implements SourceReader<T, Split> {
        private final GeneratorFunction<T> generator;
        private final double rate;
        private final SourceReaderContext context;
        private final java.util.ArrayDeque<long[]> ranges = new java.util.ArrayDeque<>();
        private final java.util.ArrayDeque<String> ids = new java.util.ArrayDeque<>();
        private long startMillis = -1;
        private long emitted;

        Reader(GeneratorFunction<T> generator, double rate, SourceReaderContext context) {
            this.generator = generator;
            this.rate = rate;
            this.context = context;
        }

        @Override
        public void addSplits(List<Split> splits) {
            for (Split s : splits) {
                if (s.next() < s.end()) {
                    ranges.add(new long[] {s.next(), s.end()});
                    ids.add(s.splitId());
                }
            }
        }

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
            if (ranges.isEmpty()) {
                return InputStatus.END_OF_INPUT;
            }
            long budget = 1024;
            if (rate > 0) {
                long now = context.currentProcessingTimeMillis();
                if (startMillis < 0) {
                    startMillis = now;
                }
                long allowed = (long) ((now - startMillis) / 1000.0 * rate) + 1 - emitted;
                if (allowed <= 0) {
                    return InputStatus.NOTHING_AVAILABLE;
                }
                budget = Math.min(budget, allowed);
            }
            for (long i = 0; i < budget; i++) {
                long[] r = ranges.peek();
                output.collect(generator.map(r[0]));
                emitted++;
                r[0]++;
                if (r[0] >= r[1]) {
                    ranges.poll();
                    ids.poll();
                    if (ranges.isEmpty()) {
                        return InputStatus.END_OF_INPUT;
                    }
                }
            }
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public long waitMillis() {
            return rate <= 0 ? 1 : Math.max(1, (long) (1000.0 / rate));
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
