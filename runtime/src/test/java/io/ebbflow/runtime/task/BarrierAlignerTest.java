package io.ebbflow.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.runtime.checkpoint.CheckpointBarrier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Barrier alignment across a subtask's input channels, on a fake context that records what alignment did. */
class BarrierAlignerTest {

    /** Records every block, unblock, checkpoint and abandon, in order, as short strings. */
    private static final class RecordingContext implements BarrierAligner.Context {
        final List<String> events = new ArrayList<>();
        final List<CheckpointBarrier> checkpoints = new ArrayList<>();
        RuntimeException failCheckpoint;

        @Override
        public void block(int channel) {
            events.add("block " + channel);
        }

        @Override
        public void unblock(int channel) {
            events.add("unblock " + channel);
        }

        @Override
        public void checkpoint(CheckpointBarrier barrier) {
            if (failCheckpoint != null) {
                throw failCheckpoint;
            }
            checkpoints.add(barrier);
            events.add("checkpoint " + barrier.id());
        }

        @Override
        public void abandon(long checkpointId, long newerId) {
            events.add("abandon " + checkpointId + " for " + newerId);
        }

        List<Long> checkpointIds() {
            return checkpoints.stream().map(CheckpointBarrier::id).toList();
        }

        List<String> takeEvents() {
            List<String> out = List.copyOf(events);
            events.clear();
            return out;
        }
    }

    private final RecordingContext context = new RecordingContext();

    private static CheckpointBarrier barrier(long id) {
        return new CheckpointBarrier(id, 1000 * id, "/checkpoints/job/chk-" + id, false);
    }

    @Test
    void aBarrierOnEveryChannelTakesTheCheckpointOnceAndThenUnblocksThemAll() throws Exception {
        BarrierAligner aligner = new BarrierAligner(3, context);

        assertThat(aligner.onBarrier(0, barrier(1))).as("channel 0 waits for the others").isTrue();
        assertThat(aligner.onBarrier(2, barrier(1))).as("channel 2 waits for channel 1").isTrue();
        assertThat(context.takeEvents()).containsExactly("block 0", "block 2");

        assertThat(aligner.onBarrier(1, barrier(1))).as("the last barrier: reading goes on").isFalse();
        assertThat(context.takeEvents()).containsExactly("block 1", "checkpoint 1", "unblock 0", "unblock 1", "unblock 2");
        assertThat(context.checkpoints).containsExactly(barrier(1));
    }

    @Test
    void aSingleChannelCheckpointsAtItsBarrier() throws Exception {
        BarrierAligner aligner = new BarrierAligner(1, context);

        assertThat(aligner.onBarrier(0, barrier(4))).isFalse();

        assertThat(context.takeEvents()).containsExactly("block 0", "checkpoint 4", "unblock 0");
    }

    @Test
    void aBlockedChannelStaysBlockedUntilTheLastChannelDeliversTheBarrier() throws Exception {
        BarrierAligner aligner = new BarrierAligner(3, context);
        aligner.onBarrier(1, barrier(1));

        assertThat(aligner.onBarrier(1, barrier(1))).as("the same barrier again on the blocked channel").isTrue();
        assertThat(aligner.onBarrier(0, barrier(1))).isTrue();

        assertThat(context.takeEvents()).as("blocked once each, nothing unblocked, no checkpoint")
                .containsExactly("block 1", "block 0");
        assertThat(aligner.onBarrier(2, barrier(1))).isFalse();
        assertThat(context.checkpointIds()).containsExactly(1L);
    }

    @Test
    void aNewerBarrierAbandonsTheCheckpointBeingAlignedAndAlignsTheNewOne() throws Exception {
        BarrierAligner aligner = new BarrierAligner(3, context);
        aligner.onBarrier(0, barrier(1));
        aligner.onBarrier(1, barrier(1));
        context.takeEvents();

        assertThat(aligner.onBarrier(2, barrier(2))).as("channel 2 now waits for checkpoint 2").isTrue();
        assertThat(context.takeEvents()).containsExactly("abandon 1 for 2", "unblock 0", "unblock 1", "block 2");

        assertThat(aligner.onBarrier(0, barrier(2))).isTrue();
        assertThat(aligner.onBarrier(1, barrier(2))).isFalse();
        assertThat(context.takeEvents()).containsExactly("block 0", "block 1", "checkpoint 2", "unblock 0", "unblock 1",
                "unblock 2");
        assertThat(context.checkpointIds()).containsExactly(2L);
    }

    @Test
    void aBarrierOlderThanTheOneBeingAlignedIsIgnored() throws Exception {
        BarrierAligner aligner = new BarrierAligner(2, context);
        aligner.onBarrier(0, barrier(5));
        context.takeEvents();

        assertThat(aligner.onBarrier(1, barrier(4))).as("a stale barrier does not block its channel").isFalse();

        assertThat(context.takeEvents()).isEmpty();
        assertThat(aligner.onBarrier(1, barrier(5))).isFalse();
        assertThat(context.checkpointIds()).containsExactly(5L);
    }

    @Test
    void aBarrierOfACheckpointAlreadyTakenOrOlderIsIgnored() throws Exception {
        BarrierAligner aligner = new BarrierAligner(2, context);
        aligner.onBarrier(0, barrier(3));
        aligner.onBarrier(1, barrier(3));
        context.takeEvents();

        assertThat(aligner.onBarrier(0, barrier(3))).isFalse();
        assertThat(aligner.onBarrier(1, barrier(2))).isFalse();

        assertThat(context.takeEvents()).isEmpty();
        assertThat(context.checkpointIds()).containsExactly(3L);
    }

    @Test
    void checkpointsFollowOneAnother() throws Exception {
        BarrierAligner aligner = new BarrierAligner(2, context);

        for (long id = 1; id <= 3; id++) {
            assertThat(aligner.onBarrier(1, barrier(id))).isTrue();
            assertThat(aligner.onBarrier(0, barrier(id))).isFalse();
        }

        assertThat(context.checkpointIds()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void theEndOfTheLastChannelTheAlignmentWaitsForTakesTheCheckpoint() throws Exception {
        BarrierAligner aligner = new BarrierAligner(3, context);
        aligner.onBarrier(0, barrier(1));
        aligner.onBarrier(1, barrier(1));
        context.takeEvents();

        aligner.channelFinished(2);

        assertThat(aligner.openChannels()).isEqualTo(2);
        assertThat(context.takeEvents()).containsExactly("checkpoint 1", "unblock 0", "unblock 1");
    }

    @Test
    void anEndedChannelIsNoLongerWaitedForByLaterCheckpoints() throws Exception {
        BarrierAligner aligner = new BarrierAligner(3, context);
        aligner.channelFinished(1);

        assertThat(aligner.onBarrier(0, barrier(1))).isTrue();
        assertThat(aligner.onBarrier(2, barrier(1))).isFalse();

        assertThat(context.takeEvents()).containsExactly("block 0", "block 2", "checkpoint 1", "unblock 0", "unblock 2");
    }

    @Test
    void theOpenChannelsCountEachEndOnce() throws Exception {
        BarrierAligner aligner = new BarrierAligner(2, context);
        assertThat(aligner.openChannels()).isEqualTo(2);

        aligner.channelFinished(0);
        aligner.channelFinished(0);
        assertThat(aligner.openChannels()).as("a repeated end of partition counts once").isEqualTo(1);

        aligner.channelFinished(1);
        assertThat(aligner.openChannels()).isZero();
        assertThat(context.takeEvents()).as("no alignment was in progress").isEmpty();
    }

    @Test
    void aFailingCheckpointFailsTheBarrierThatCompletedTheAlignment() throws Exception {
        BarrierAligner aligner = new BarrierAligner(2, context);
        aligner.onBarrier(0, barrier(1));
        context.failCheckpoint = new IllegalStateException("state too large");

        assertThatThrownBy(() -> aligner.onBarrier(1, barrier(1))).hasMessage("state too large");
    }
}
