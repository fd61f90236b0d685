package io.ebbflow.examples.load;

import io.ebbflow.api.connector.Boundedness;
import io.ebbflow.api.connector.InputStatus;
import io.ebbflow.api.connector.ReaderOutput;
import io.ebbflow.api.connector.Source;
import io.ebbflow.api.connector.SourceReader;
import io.ebbflow.api.connector.SourceReaderContext;
import io.ebbflow.api.connector.SourceSplit;
import io.ebbflow.api.tuple.Tuple2;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records {@code (key, seq)} at a rate the operator changes while the job runs: the total rate, in records
 * per second, is read from a file every half second, so a test or a person can raise or lower the load
 * ({@code echo 2000 > rate}). The rate is shared by the splits, and each reader emits its splits' share.
 * A reader that cannot keep up (its job is too slow) falls behind; how far behind is its backlog, reported
 * as {@link #pendingRecords() pendingRecords}, as a queue's lag would be. On a restart or rescale the
 * readers start on time again: unlike a real queue, this generator forgets the backlog.
 */
public final class ControlledRateSource implements Source<Tuple2<Integer, Long>, ControlledRateSource.Split> {

    private static final Logger LOG = LoggerFactory.getLogger(ControlledRateSource.class);
    private static final long RATE_READ_INTERVAL_MS = 500;
    private static final int BATCH = 64;

    private final String rateFile;
    private final double initialRate;
    private final int splits;
    private final int keys;

    /**
     * @param rateFile file holding the total rate (records per second); null: always {@code initialRate}
     * @param initialRate the rate until the file says otherwise
     */
    public ControlledRateSource(String rateFile, double initialRate, int splits, int keys) {
        this.rateFile = rateFile;
        this.initialRate = initialRate;
        this.splits = Math.max(1, splits);
        this.keys = Math.max(1, keys);
    }

    /** One of the splits: its index among {@code numSplits}, and the next sequence number. */
    public record Split(String splitId, int index, int numSplits, long next) implements SourceSplit {
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public List<Split> createSplits(int parallelism) {
        List<Split> out = new ArrayList<>();
        for (int i = 0; i < splits; i++) {
            out.add(new Split("load-" + i, i, splits, 0));
        }
        return out;
    }

    @Override
    public SourceReader<Tuple2<Integer, Long>, Split> createReader(SourceReaderContext context) {
        return new Reader(context);
    }

    private final class Reader implements SourceReader<Tuple2<Integer, Long>, Split> {
        private final SourceReaderContext context;
        private final List<long[]> owned = new ArrayList<>(); // index, numSplits, next
        private final List<String> ids = new ArrayList<>();
        private double rate = initialRate;
        private long lastRateRead = -1;
        private String lastRateProblem;
        private long lastTick = -1;
        private double due;
        private long emitted;
        private int nextSplit;

        Reader(SourceReaderContext context) {
            this.context = context;
        }

        @Override
        public void addSplits(List<Split> added) {
            for (Split s : added) {
                owned.add(new long[] {s.index(), s.numSplits(), s.next()});
                ids.add(s.splitId());
            }
        }

        @Override
        public InputStatus pollNext(ReaderOutput<Tuple2<Integer, Long>> output) {
            if (owned.isEmpty()) {
                return InputStatus.NOTHING_AVAILABLE;
            }
            long now = context.currentProcessingTimeMillis();
            readRate(now);
            if (lastTick >= 0) {
                due += (now - lastTick) / 1000.0 * rate * owned.size() / owned.get(0)[1];
            }
            lastTick = now;
            int n = 0;
            while (n < BATCH && emitted + 1 <= due) {
                long[] s = owned.get(nextSplit);
                nextSplit = (nextSplit + 1) % owned.size();
                // Keys of split i: i, i + numSplits, ...; spread over `keys` keys.
                int key = (int) ((s[0] + s[1] * (s[2] % Math.max(1, keys / s[1]))) % keys);
                output.collect(Tuple2.of(key, s[2]));
                s[2]++;
                emitted++;
                n++;
            }
            return emitted + 1 <= due ? InputStatus.MORE_AVAILABLE : InputStatus.NOTHING_AVAILABLE;
        }

        private void readRate(long now) {
            if (rateFile == null || (lastRateRead >= 0 && now - lastRateRead < RATE_READ_INTERVAL_MS)) {
                return;
            }
            lastRateRead = now;
            String problem;
            try {
                double r = Double.parseDouble(Files.readString(Path.of(rateFile), StandardCharsets.UTF_8).trim());
                if (r >= 0 && Double.isFinite(r)) {
                    if (r != rate) {
                        LOG.info("Load: {} records/s from now on (was {})", r, rate);
                    }
                    rate = r;
                    lastRateProblem = null;
                    return;
                }
                problem = "not a rate >= 0: " + r;
            } catch (IOException | NumberFormatException e) {
                problem = e.toString();
            }
            if (!problem.equals(lastRateProblem)) {
                LOG.warn("Cannot read the load's rate from {} ({}); keeping {} records/s", rateFile, problem, rate);
                lastRateProblem = problem;
            }
        }

        @Override
        public long pendingRecords() {
            return Math.max(0, (long) due - emitted);
        }

        @Override
        public long waitMillis() {
            return 2;
        }

        @Override
        public List<Split> snapshotState() {
            List<Split> out = new ArrayList<>();
            for (int i = 0; i < owned.size(); i++) {
                long[] s = owned.get(i);
                out.add(new Split(ids.get(i), (int) s[0], (int) s[1], s[2]));
            }
            return out;
        }
    }
}
