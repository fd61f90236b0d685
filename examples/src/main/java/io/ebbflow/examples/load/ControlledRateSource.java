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
 * as {@link #pendingRecords() pendingRecords}, as a queue's lag would be.
 *
 * <p>On a restart or rescale, by default, the readers start on time again: the generator forgets the backlog. With
 * {@code keepBacklog} it behaves as a queue: each split's backlog is part of the checkpoint with the time it was taken,
 * and a restored split owes that backlog plus what its rate produced since (the records after the checkpoint are
 * read again, as from a queue, and the downtime of a restart or rescale adds to the backlog).
 */
public final class ControlledRateSource implements Source<Tuple2<Integer, Long>, ControlledRateSource.Split> {

    private static final Logger LOG = LoggerFactory.getLogger(ControlledRateSource.class);
    private static final long RATE_READ_INTERVAL_MS = 500;
    private static final int BATCH = 64;

    private final String rateFile;
    private final double initialRate;
    private final int splits;
    private final int keys;
    private final boolean keepBacklog;

    /**
     * @param rateFile file holding the total rate (records per second); null: always {@code initialRate}
     * @param initialRate the rate until the file says otherwise
     */
    public ControlledRateSource(String rateFile, double initialRate, int splits, int keys) {
        this(rateFile, initialRate, splits, keys, false);
    }

    /** @param keepBacklog whether a split's backlog survives a restart or rescale, as a queue's would */
    public ControlledRateSource(String rateFile, double initialRate, int splits, int keys, boolean keepBacklog) {
        this.rateFile = rateFile;
        this.initialRate = initialRate;
        this.splits = Math.max(1, splits);
        this.keys = Math.max(1, keys);
        this.keepBacklog = keepBacklog;
    }

    /**
     * One of the splits: its index among {@code numSplits}, the next sequence number, and the records it owed (due but
     * not emitted) at {@code at} (processing time in milliseconds; -1 for a new split).
     */
    public record Split(String splitId, int index, int numSplits, long next, double backlog, long at)
            implements SourceSplit {

        public Split(String splitId, int index, int numSplits, long next) {
            this(splitId, index, numSplits, next, 0, -1);
        }
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

    /** A split a reader owns: where it is, and the records it owes (due, not yet emitted). */
    private static final class Owned {
        final String id;
        final int index;
        final int numSplits;
        long next;
        double due;

        Owned(String id, int index, int numSplits, long next, double due) {
            this.id = id;
            this.index = index;
            this.numSplits = numSplits;
            this.next = next;
            this.due = due;
        }
    }

    private final class Reader implements SourceReader<Tuple2<Integer, Long>, Split> {
        private final SourceReaderContext context;
        private final List<Owned> owned = new ArrayList<>();
        private double rate = initialRate;
        private long lastRateRead = -1;
        private String lastRateProblem;
        private long lastTick = -1;
        private int nextSplit;

        Reader(SourceReaderContext context) {
            this.context = context;
        }

        @Override
        public void addSplits(List<Split> added) {
            long now = context.currentProcessingTimeMillis();
            readRate(now);
            for (Split s : added) {
                double due = 0;
                if (keepBacklog && s.at() >= 0) {
                    due = s.backlog() + Math.max(0, now - s.at()) / 1000.0 * rate / s.numSplits();
                    if (due >= 1) {
                        LOG.info("Split {} owes {} records: its backlog at {} and what its rate produced since",
                                s.splitId(), (long) due, s.at());
                    }
                }
                owned.add(new Owned(s.splitId(), s.index(), s.numSplits(), s.next(), due));
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
                for (Owned s : owned) {
                    s.due += (now - lastTick) / 1000.0 * rate / s.numSplits;
                }
            }
            lastTick = now;
            int n = 0;
            for (int tried = 0; n < BATCH && tried < owned.size(); ) {
                Owned s = owned.get(nextSplit);
                if (s.due < 1) {
                    nextSplit = (nextSplit + 1) % owned.size();
                    tried++;
                    continue;
                }
                tried = 0;
                // Keys of split i: i, i + numSplits, ...; spread over `keys` keys.
                int key = (int) ((s.index + (long) s.numSplits * (s.next % Math.max(1, keys / s.numSplits))) % keys);
                output.collect(Tuple2.of(key, s.next));
                s.next++;
                s.due--;
                n++;
                nextSplit = (nextSplit + 1) % owned.size();
            }
            return pendingRecords() > 0 ? InputStatus.MORE_AVAILABLE : InputStatus.NOTHING_AVAILABLE;
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

        /**
         * What is owed now: each split's records due at its last poll and not emitted, and its share of what the rate
         * produced since (the reader may be blocked in a poll for seconds while its output waits for room).
         */
        @Override
        public long pendingRecords() {
            double since = lastTick < 0 ? 0 : Math.max(0, context.currentProcessingTimeMillis() - lastTick) / 1000.0;
            long pending = 0;
            for (Owned s : owned) {
                pending += (long) Math.max(0, s.due + since * rate / s.numSplits);
            }
            return pending;
        }

        @Override
        public long waitMillis() {
            return 2;
        }

        @Override
        public List<Split> snapshotState() {
            long now = context.currentProcessingTimeMillis();
            List<Split> out = new ArrayList<>();
            for (Owned s : owned) {
                out.add(new Split(s.id, s.index, s.numSplits, s.next, Math.max(0, s.due), now));
            }
            return out;
        }
    }
}
