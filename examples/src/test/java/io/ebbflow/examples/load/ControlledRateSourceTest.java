package io.ebbflow.examples.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.connector.ReaderOutput;
import io.ebbflow.api.connector.SourceReader;
import io.ebbflow.api.connector.SourceReaderContext;
import io.ebbflow.api.tuple.Tuple2;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generator on a manual clock: its rate, its backlog, and what a restored split owes. */
class ControlledRateSourceTest {

    /** A reader's processing time, moved by the test. */
    private static final class ManualContext implements SourceReaderContext {
        long now = 1_000_000;

        @Override
        public int subtaskIndex() {
            return 0;
        }

        @Override
        public int parallelism() {
            return 1;
        }

        @Override
        public long currentProcessingTimeMillis() {
            return now;
        }
    }

    private static final class Collected implements ReaderOutput<Tuple2<Integer, Long>> {
        final List<Tuple2<Integer, Long>> records = new ArrayList<>();

        @Override
        public void collect(Tuple2<Integer, Long> record) {
            records.add(record);
        }

        @Override
        public void collect(Tuple2<Integer, Long> record, long timestamp) {
            records.add(record);
        }
    }

    /** Polls until the reader has nothing due now. */
    private static void drain(SourceReader<Tuple2<Integer, Long>, ControlledRateSource.Split> reader, Collected out)
            throws Exception {
        for (int i = 0; i < 10_000; i++) {
            if (reader.pollNext(out) != io.ebbflow.api.connector.InputStatus.MORE_AVAILABLE) {
                return;
            }
        }
    }

    @Test
    void emitsItsSplitsShareOfTheRateAndReportsWhatIsDueButUnreadAsPending() throws Exception {
        ManualContext ctx = new ManualContext();
        ControlledRateSource source = new ControlledRateSource(null, 1000, 4, 8);
        var reader = source.createReader(ctx);
        reader.addSplits(source.createSplits(1).subList(0, 2)); // half the splits: 500 records/s
        Collected out = new Collected();
        reader.pollNext(out);
        ctx.now += 2000;
        reader.pollNext(out); // one batch of 64 read, the rest owed
        assertThat(out.records).hasSize(64);
        assertThat(reader.pendingRecords()).isEqualTo(1000 - 64);
        drain(reader, out);
        assertThat(out.records).hasSize(1000);
        assertThat(reader.pendingRecords()).isZero();
        // Each split's sequence numbers are consecutive.
        assertThat(out.records.stream().filter(r -> r.f0 % 4 == 0).map(r -> r.f1)).startsWith(0L, 1L, 2L, 3L);
    }

    /**
     * The backlog counts what became due since the last poll: a reader blocked in a poll while its output waits for
     * room is asked for it meanwhile, and the queue it stands for grows all the while.
     */
    @Test
    void theBacklogCountsWhatBecameDueSinceTheLastPoll() throws Exception {
        ManualContext ctx = new ManualContext();
        ControlledRateSource source = new ControlledRateSource(null, 1000, 4, 8);
        var reader = source.createReader(ctx);
        reader.addSplits(source.createSplits(1));
        Collected out = new Collected();
        reader.pollNext(out);
        assertThat(reader.pendingRecords()).isZero();

        ctx.now += 1500; // no poll meanwhile
        assertThat(reader.pendingRecords()).isEqualTo(1500);
        reader.pollNext(out); // one batch read of what was due
        assertThat(reader.pendingRecords()).isEqualTo(1500 - 64);
        ctx.now += 500;
        assertThat(reader.pendingRecords()).isEqualTo(2000 - 64);
        drain(reader, out);
        assertThat(out.records).hasSize(2000);
        assertThat(reader.pendingRecords()).isZero();
    }

    @Test
    void aRestoredSplitOwesItsBacklogAndWhatItsRateProducedWhileTheJobWasDownOnlyWhenAskedTo() throws Exception {
        for (boolean keep : new boolean[] {true, false}) {
            ManualContext ctx = new ManualContext();
            ControlledRateSource source = new ControlledRateSource(null, 800, 2, 4, keep);
            var reader = source.createReader(ctx);
            reader.addSplits(source.createSplits(1));
            Collected out = new Collected();
            reader.pollNext(out);
            ctx.now += 1000;
            reader.pollNext(out); // 800 due, 64 read
            List<ControlledRateSource.Split> snapshot = reader.snapshotState();
            assertThat(snapshot).extracting(ControlledRateSource.Split::backlog).containsOnly(368.0);

            // Restored 3 s later on two readers (a rescale 1 -> 2), one split each.
            ctx.now += 3000;
            var first = source.createReader(ctx);
            var second = source.createReader(ctx);
            first.addSplits(List.of(snapshot.get(0)));
            second.addSplits(List.of(snapshot.get(1)));
            long expected = keep ? 368 + 1200 : 0;
            assertThat(first.pendingRecords()).as("keepBacklog=%s", keep).isEqualTo(expected);
            assertThat(second.pendingRecords()).as("keepBacklog=%s", keep).isEqualTo(expected);
            Collected after = new Collected();
            drain(first, after);
            assertThat(after.records).hasSize((int) expected);
            if (keep) {
                // The split goes on from its checkpointed sequence number: nothing skipped, nothing repeated.
                assertThat(after.records.get(0).f1).isEqualTo(snapshot.get(0).next());
            }
        }
    }
}
