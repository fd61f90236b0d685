package io.ebbflow.core.testing;

import io.ebbflow.core.protocol.Ack;
import io.ebbflow.core.protocol.HardwareDescription;
import io.ebbflow.core.protocol.JobMasterMessages;
import io.ebbflow.core.protocol.LedgerSlotState;
import io.ebbflow.core.protocol.ProtocolMessage;
import io.ebbflow.core.protocol.ResourceDeclaration;
import io.ebbflow.core.protocol.ResourceManagerMessages;
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

    public static List<ProtocolMessage> all() {
        return List.of(
                Ack.INSTANCE,
                new ResourceManagerMessages.RegisterTaskExecutor("te-1", "node-1", "127.0.0.1", 2, HARDWARE, REPORT),
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
                        new ResourceManagerMessages.TaskExecutorView("te-1", "node-1", "127.0.0.1", 2, 1, 1000, 2000,
                                HARDWARE, List.of(new ResourceManagerMessages.SlotView(0, LedgerSlotState.FREE, null, null)))),
                        List.of(new ResourceManagerMessages.JobResourceView("job-1", "My Job", 1, true, 1, 4, 4, 2))),
                new ResourceManagerMessages.ResourceManagerStarted(7, "node-0"),
                new TaskExecutorMessages.RequestSlot(7, 0, "job-1", 2, "alloc-2"),
                new TaskExecutorMessages.FreeSlot("job-1", 2, "alloc-2", "excess"),
                new TaskExecutorMessages.AllocatedSlotReport("job-1", 2, "node-2", List.of("alloc-1")),
                new TaskExecutorMessages.TaskExecutorJobReport(List.of("alloc-1"), List.of()),
                new TaskExecutorMessages.DisconnectJobMaster("job-1", 2, "job finished"),
                new TaskExecutorMessages.TaskExecutorStatusRequest(),
                new TaskExecutorMessages.TaskExecutorStatus("te-1", "node-1", 7, true, REPORT.slots()),
                new JobMasterMessages.OfferSlots("te-1", "node-1", 1, List.of(new JobMasterMessages.SlotOffer(1, "alloc-1"))),
                new JobMasterMessages.SlotsAccepted(1, 2, "node-2", List.of("alloc-1")),
                new JobMasterMessages.DisconnectTaskExecutor("te-1", "shutting down"),
                new JobMasterMessages.ResourceQuota(7, 3),
                new JobMasterMessages.JobDetailsRequest(),
                new JobMasterMessages.JobDetails("job-1", "My Job", "CREATED", "WaitingForResources", 1000, 2,
                        List.of(new JobMasterMessages.VertexView("v", "V", "default", 1, 4, 128, 0, "CREATED")),
                        1, 4, 3, List.of(new JobMasterMessages.HeldSlot("alloc-1", "te-1", 1, "FREE", 1000))));
    }
}
