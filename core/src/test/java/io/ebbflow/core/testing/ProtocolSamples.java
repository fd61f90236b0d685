package io.ebbflow.core.testing;

import io.ebbflow.core.protocol.Ack;
import io.ebbflow.core.protocol.HardwareDescription;
import io.ebbflow.core.protocol.JobMasterMessages;
import io.ebbflow.core.protocol.LedgerSlotState;
import io.ebbflow.core.protocol.ProtocolMessage;
import io.ebbflow.core.protocol.ResourceDeclaration;
import io.ebbflow.core.protocol.ResourceManagerMessages;
import io.ebbflow.core.protocol.SavepointMessages;
import io.ebbflow.core.protocol.SlotReport;
import io.ebbflow.core.protocol.TaskExecutorMessages;
import io.ebbflow.core.protocol.TaskSlotState;
import java.util.List;

/** One valid instance of every message type, for codec round trips and protocol tests. */
public final class ProtocolSamples {

    private ProtocolSamples() {
    }

    public static final HardwareDescription HARDWARE = new HardwareDescription(2, 1L << 34, 1L << 27, 1L << 28);
    public static final SlotReport REPORT = new SlotReport(List.of(
            SlotReport.Slot.free(0), new SlotReport.Slot(1, TaskSlotState.ACTIVE, "job-1", "alloc-1")));
    public static final ResourceDeclaration DECLARATION = new ResourceDeclaration(3, 1, 4);
    public static final JobMasterMessages.TaskMetrics TASK_METRICS = new JobMasterMessages.TaskMetrics("exec-1", "v", 0,
            10, 20, 100, 200, 1.5, 2.5, 300, 100, 600, java.util.Map.of("records-checked", 10L), 42, 1500, 1700, 3);

    public static final JobMasterMessages.CheckpointView CHECKPOINT = new JobMasterMessages.CheckpointView(7, io.ebbflow.core.checkpoint.CheckpointStatus.COMPLETED,
            false, 1000, 1100, 100, 4096, 4, 4, "/tmp/chk-7", null);

    public static List<ProtocolMessage> all() {
        return List.of(
                Ack.INSTANCE,
                new ResourceManagerMessages.RegisterTaskExecutor("te-1", "node-1", "127.0.0.1", 40123, 2, HARDWARE, REPORT),
                new ResourceManagerMessages.TaskExecutorRegistered(7, "reg-1"),
                new ResourceManagerMessages.TaskExecutorHeartbeat("te-1", "reg-1", REPORT),
                new ResourceManagerMessages.HeartbeatAck(7),
                new ResourceManagerMessages.DeregisterTaskExecutor("te-1", "reg-1", "shutting down"),
                new ResourceManagerMessages.SlotAvailable("te-1", "reg-1", 1, "alloc-1"),
                new ResourceManagerMessages.RegisterJobMaster("job-1", "My Job", 2, "node-2", DECLARATION),
                new ResourceManagerMessages.JobMasterRegistered(7, 1, 4),
                new ResourceManagerMessages.JobMasterHeartbeat("job-1", 2, DECLARATION),
                new ResourceManagerMessages.JobResourceStatus(7, 4, 2),
                new ResourceManagerMessages.DeregisterJobMaster("job-1", 2, "finished"),
                new ResourceManagerMessages.ClusterOverviewRequest(),
                new ResourceManagerMessages.ClusterOverview(7, "node-0", 1000, List.of(
                        new ResourceManagerMessages.TaskExecutorView("te-1", "node-1", "127.0.0.1", 40123, 2, 1, 1000, 2000,
                                HARDWARE, List.of(new ResourceManagerMessages.SlotView(0, LedgerSlotState.FREE, null, null)))),
                        List.of(new ResourceManagerMessages.JobResourceView("job-1", "My Job", 1, true, 1, 4, 4, 2)),
                        List.of("node-9"), new ResourceManagerMessages.WorkersView("process", 4, 1, 1, 2, 1, 3, List.of(
                                new ResourceManagerMessages.WorkerView("worker-1", "REGISTERED", "4242", 900),
                                new ResourceManagerMessages.WorkerView("worker-2", "REQUESTED", null, 1900)))),
                new ResourceManagerMessages.ResourceManagerStarted(7, "node-0"),
                new ResourceManagerMessages.ResourceManagerStandby("node-9"),
                new TaskExecutorMessages.RequestSlot(7, 0, "job-1", 2, "alloc-2"),
                new TaskExecutorMessages.RequestSlots(7, "job-1", 2, List.of(new TaskExecutorMessages.SlotAllocation(0, "alloc-2"),
                        new TaskExecutorMessages.SlotAllocation(1, "alloc-3"))),
                new TaskExecutorMessages.SlotsRequested(List.of(new TaskExecutorMessages.RefusedSlot("alloc-3",
                        "slot 1 is ACTIVE for job job-2"))),
                new TaskExecutorMessages.FreeSlot("job-1", 2, "alloc-2", "excess"),
                new TaskExecutorMessages.AllocatedSlotReport("job-1", 2, "node-2", List.of("alloc-1")),
                new TaskExecutorMessages.TaskExecutorJobReport(List.of("alloc-1"), List.of()),
                new TaskExecutorMessages.DisconnectJobMaster("job-1", 2, "job finished"),
                new TaskExecutorMessages.TaskExecutorStatusRequest(),
                new TaskExecutorMessages.TaskExecutorStatus("te-1", "node-1", 7, true, REPORT.slots()),
                new JobMasterMessages.OfferSlots("te-1", "node-1", "127.0.0.1", 40123, 1, List.of(new JobMasterMessages.SlotOffer(1, "alloc-1"))),
                new JobMasterMessages.SlotsAccepted(1, 2, "node-2", List.of("alloc-1")),
                new JobMasterMessages.SlotsAccepted(1, 2, "node-2", List.of("alloc-1"), "http://127.0.0.1:7001/jar", "ab12",
                        "0123456789abcdef".repeat(4)),
                new JobMasterMessages.DisconnectTaskExecutor("te-1", "shutting down"),
                new JobMasterMessages.ResourceQuota(7, 3),
                new JobMasterMessages.JobDetailsRequest(),
                new JobMasterMessages.JobDetails("job-1", "My Job", io.ebbflow.core.job.JobStatus.RUNNING, "Executing", 1000, -1, 2,
                        List.of(new JobMasterMessages.VertexView("v", "V", "default", 1, 4, 128, 2, io.ebbflow.core.job.ExecutionState.RUNNING,
                                JobMasterMessages.VertexMetrics.NONE, List.of(new JobMasterMessages.SubtaskView(0, "exec-1",
                                        "te-1", io.ebbflow.core.job.ExecutionState.RUNNING, 1000, TASK_METRICS)))),
                        List.of(new JobMasterMessages.EdgeView("v", "w", "HASH")),
                        1, 4, 3, List.of(new JobMasterMessages.HeldSlot("alloc-1", "te-1", 1, "FREE", 1000)),
                        List.of(new JobMasterMessages.ExceptionView(1000, "Map (1/2)", "te-1", "java.lang.Exception: x"))),
                new TaskExecutorMessages.SubmitTask("job-1", 2, "alloc-1", "exec-1", "v", "Map", 0, 2, 128, 1, "1.0a1b2c3d4e5f", 0, 63,
                        new byte[] {1, 2}, new byte[] {3}, List.of(new TaskExecutorMessages.InputChannel("exec-0-0", 0, "te-2",
                                "127.0.0.1", 40124)), new byte[] {4}, "http://127.0.0.1:1/blobs/job-1/job.jar", "ab", "0123456789abcdef".repeat(4), 100, 200,
                        new byte[] {5}),
                new TaskExecutorMessages.CancelTask("job-1", 2, "exec-1"),
                new JobMasterMessages.TaskStateUpdate("te-1", "exec-1", io.ebbflow.core.job.ExecutionState.FAILED, "java.lang.Exception: x", java.util.Map.of(0L, 12L, 3L, 0L), java.util.Map.of("records-checked", 40L)),
                new JobMasterMessages.TaskMetricsReport("te-1", List.of(TASK_METRICS)),
                new TaskExecutorMessages.TriggerCheckpoint("job-1", 2, List.of("exec-1"), 7, 1000, "/tmp/chk-7", false, true),
                new TaskExecutorMessages.NotifyCheckpointComplete("job-1", 2, List.of("exec-1"), 7, false),
                new JobMasterMessages.AcknowledgeCheckpoint("te-1", "exec-1", 7, new io.ebbflow.core.checkpoint.SubtaskSnapshot(
                        "v", 1, 2, "chk-7/v-1.state", 4096, List.of(new io.ebbflow.core.checkpoint.OperatorSnapshot("op-1", 128,
                                List.of(new io.ebbflow.core.checkpoint.KeyGroupOffset(64, 0, 4096, 12345L)),
                                java.util.Map.of("offsets", List.of(new byte[] {1, 2, 3})), java.util.Map.of())))),
                new JobMasterMessages.DeclineCheckpoint("te-1", "exec-1", 7, "the subtask has finished"),
                new JobMasterMessages.ConfirmDeployment("te-1", 2, "exec-1"),
                new JobMasterMessages.CheckpointStatsRequest(),
                new JobMasterMessages.JobCheckpoints(0, 3, 1, 1, CHECKPOINT, null, null, CHECKPOINT, 1000,
                        List.of(CHECKPOINT), 1000, 600_000, 0, 1),
                new JobMasterMessages.AccumulatorsRequest(),
                new JobMasterMessages.JobAccumulators(java.util.Map.of("violations", 0L)),
                new SavepointMessages.TriggerSavepoint("/tmp/savepoints", true),
                new SavepointMessages.SavepointTriggered("abc123"),
                new SavepointMessages.SavepointStatusRequest("abc123"),
                new SavepointMessages.SavepointStatus("abc123", "COMPLETED", "/tmp/savepoints/savepoint-1", null),
                new JobMasterMessages.UpdateRequirements(java.util.Map.of("v", new JobMasterMessages.Bounds(1, 4))),
                new JobMasterMessages.RescalesRequest(),
                new JobMasterMessages.CancelJob(),
                new TaskExecutorMessages.Leave("asked to leave over REST"),
                new TaskExecutorMessages.AddSplits("job-1", 2, "exec-1", List.of("orders-3"), new byte[] {6, 7}),
                new JobMasterMessages.JobRescales(List.of(new JobMasterMessages.RescaleView(1, true, "resources changed",
                        java.util.Map.of("v", 2), java.util.Map.of("v", 4), 1000, 1400,
                        List.of(new JobMasterMessages.PhaseView("checkpoint", 1000, 1100),
                                new JobMasterMessages.PhaseView("deploy", 1100, 1400)), 0, 0)), 1, 0, "Executing", "COOLDOWN", 31000,
                        java.util.Map.of("cooldown", "30 s")));
    }
}
