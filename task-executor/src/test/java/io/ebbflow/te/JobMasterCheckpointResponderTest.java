package io.ebbflow.te;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.protocol.JobMasterMessages.AcknowledgeCheckpoint;
import io.ebbflow.core.protocol.ProtocolCodec;
import io.ebbflow.core.testing.TestingJobMasterGateway;
import io.vertx.core.buffer.Buffer;
import io.ebbflow.core.protocol.JobMasterMessages.DeclineCheckpoint;
import io.ebbflow.core.checkpoint.KeyGroupOffset;
import io.ebbflow.core.checkpoint.OperatorSnapshot;
import io.ebbflow.core.checkpoint.SubtaskCheckpointMetrics;
import io.ebbflow.core.checkpoint.SubtaskSnapshot;
import io.ebbflow.runtime.state.KeyGroupRange;
import io.ebbflow.runtime.task.TaskSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobMasterCheckpointResponderTest {

    private final TestingJobMasterGateway jobMaster = new TestingJobMasterGateway();
    private final JobMasterCheckpointResponder responder = new JobMasterCheckpointResponder("te-1", jobMaster);
    private final TaskSpec task = new TaskSpec("job", "exec-1", "v1", "Map", 1, 2, 128, 0, "0.test", new KeyGroupRange(64, 127),
            List.of(), List.of(), List.of(), List.of(), 100, 200, null);

    @Test
    void theAcknowledgementCarriesTheSnapshotHandleAndItsCodecReadsItBack() throws Exception {
        OperatorSnapshot operator = new OperatorSnapshot("op-1", 128, List.of(new KeyGroupOffset(64, 0, 100, 12_345L)),
                Map.of("offsets", List.of(new byte[] {1, 2, 3})), Map.of());
        SubtaskSnapshot snapshot = new SubtaskSnapshot("v1", 1, 2, "chk-7/v1-1.state", 4_096, List.of(operator));

        responder.acknowledge(task, 7, snapshot, new SubtaskCheckpointMetrics(1_234, 56_789));

        AcknowledgeCheckpoint ack = jobMaster.received(AcknowledgeCheckpoint.class).get(0);
        assertThat(jobMaster.received).singleElement().extracting(TestingJobMasterGateway.Received::jobId).isEqualTo("job");
        assertThat(ack.taskExecutorId()).isEqualTo("te-1");
        assertThat(ack.executionId()).isEqualTo("exec-1");
        assertThat(ack.checkpointId()).isEqualTo(7);
        assertThat(ack.snapshot()).isSameAs(snapshot);
        assertThat(ack.metrics()).isEqualTo(new SubtaskCheckpointMetrics(1_234, 56_789));
        // Over the bus: the message's codec writes the typed handle and reads it back whole.
        ProtocolCodec<AcknowledgeCheckpoint> codec = new ProtocolCodec<>(AcknowledgeCheckpoint.class, 1 << 20);
        Buffer wire = Buffer.buffer();
        codec.encodeToWire(wire, ack);
        assertThat(codec.decodeFromWire(0, wire)).usingRecursiveComparison().isEqualTo(ack);
    }

    @Test
    void aDeclineBeforeTheFirstCheckpointNamesCheckpointOne() {
        responder.decline(task, 0, "finished");

        assertThat(jobMaster.received(DeclineCheckpoint.class)).singleElement().satisfies(d -> {
            assertThat(d.checkpointId()).isEqualTo(1);
            assertThat(d.reason()).isEqualTo("finished");
        });
    }

    @Test
    void aCheckpointOfASubtaskNotRunningHereIsDeclined() {
        responder.declineNotRunning("job", "exec-9", 4);

        assertThat(jobMaster.received(DeclineCheckpoint.class)).singleElement().satisfies(d -> {
            assertThat(d.executionId()).isEqualTo("exec-9");
            assertThat(d.checkpointId()).isEqualTo(4);
            assertThat(d.reason()).isEqualTo("subtask exec-9 is not running on te-1");
        });
    }
}
