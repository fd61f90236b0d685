package io.ebbflow.te;

import io.ebbflow.core.config.options.TaskManagerOptions;
import io.ebbflow.core.protocol.Ack;
import io.ebbflow.core.protocol.TaskExecutorMessages.AllocatedSlotReport;
import io.ebbflow.core.protocol.TaskExecutorMessages.DisconnectJobMaster;
import io.ebbflow.core.protocol.TaskExecutorMessages.FreeSlot;
import io.ebbflow.core.protocol.TaskExecutorMessages.TaskExecutorJobReport;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of each job's slots and subtasks here as its JobMaster speaks or goes away. Carries out
 * the {@link JobMasterTracker}'s decisions: the subtasks in freed slots are cancelled and the freed
 * slots handed to {@code slotFreed}; the slots of a lost JobMaster are offered again until it comes back
 * or they expire; and a job with nothing left here is forgotten (its user code released).
 *
 * <p>Confined to the TaskExecutor's verticle, which feeds it the JobMasters' messages, membership events
 * and its housekeeping tick with the current time.
 */
final class JobSlots {

    private static final Logger LOG = LoggerFactory.getLogger(JobSlots.class);

    private final TaskSlotTable slots;
    private final JobMasterTracker jobMasters;
    private final RunningTasks tasks;
    private final SlotOfferSender offers;
    private final Consumer<TaskSlotTable.TaskSlot> slotFreed;
    private final Consumer<String> releaseUserCode;
    private final Duration heartbeatTimeout;
    private final Duration slotTimeout;

    JobSlots(TaskSlotTable slots, JobMasterTracker jobMasters, RunningTasks tasks, SlotOfferSender offers,
            Consumer<TaskSlotTable.TaskSlot> slotFreed, Consumer<String> releaseUserCode, Duration heartbeatTimeout,
            Duration slotTimeout) {
        this.slots = slots;
        this.jobMasters = jobMasters;
        this.tasks = tasks;
        this.offers = offers;
        this.slotFreed = slotFreed;
        this.releaseUserCode = releaseUserCode;
        this.heartbeatTimeout = heartbeatTimeout;
        this.slotTimeout = slotTimeout;
    }

    /** The JobMaster gave a slot back. */
    Ack freeSlot(FreeSlot msg) {
        jobMasters.freeSlot(msg).ifPresent(s -> {
            tasks.cancel(msg.jobId(), msg.allocationId());
            LOG.info("Slot {} of job {} freed: {}", s.index(), msg.jobId(), msg.reason());
            slotFreed.accept(s);
        });
        forgetJobIfEmpty(msg.jobId());
        return Ack.INSTANCE;
    }

    /** The JobMaster's heartbeat, listing the slots it holds here. */
    TaskExecutorJobReport heartbeat(AllocatedSlotReport msg, long now) {
        JobMasterTracker.Heartbeat heartbeat = jobMasters.heartbeat(msg, now);
        for (TaskSlotTable.TaskSlot s : heartbeat.released()) {
            LOG.info("JobMaster of job {} no longer lists slot {} ({}); freeing it", msg.jobId(), s.index(), s.allocationId());
            tasks.cancel(msg.jobId(), s.allocationId());
            slotFreed.accept(s);
        }
        forgetJobIfEmpty(msg.jobId());
        return heartbeat.reply();
    }

    /** The JobMaster is done with this TaskExecutor. */
    Ack disconnect(DisconnectJobMaster msg) {
        List<TaskSlotTable.TaskSlot> freed = jobMasters.disconnected(msg);
        tasks.cancel(msg.jobId(), null);
        if (!freed.isEmpty()) {
            LOG.info("JobMaster of job {} disconnected ({}); freed {} slots", msg.jobId(), msg.reason(), freed.size());
        }
        freed.forEach(slotFreed);
        forgetJobIfEmpty(msg.jobId());
        return Ack.INSTANCE;
    }

    /** A cluster node left: the JobMasters that ran there are gone. */
    void nodeLeft(String nodeId, long now) {
        jobMasters.onNode(nodeId).forEach(job -> jobMasterLost(job, "its process left the cluster", now));
    }

    /**
     * The periodic check: silent JobMasters are lost, slots not accepted in time are freed, and slots
     * waiting for a JobMaster that was unreachable are offered again until they expire.
     */
    void housekeeping(long now) {
        for (String job : jobMasters.silent(now)) {
            jobMasterLost(job, "no heartbeat within " + heartbeatTimeout.toSeconds() + " s", now);
        }
        for (TaskSlotTable.TaskSlot s : slots.expire(now)) {
            LOG.info("Slot {} of job {} was not accepted within {}; freeing it", s.index(), s.jobId(),
                    TaskManagerOptions.SLOT_TIMEOUT.key());
            slotFreed.accept(s);
            forgetJobIfEmpty(s.jobId());
        }
        for (String job : slots.jobs()) {
            if (!slots.offerable(job).isEmpty()) {
                offers.retryLater(job);
            }
        }
    }

    /** Forgets the job if it has no slot here any more, and releases its user code once no subtask of it runs. */
    void forgetJobIfEmpty(String jobId) {
        if (jobMasters.forgetIfNoSlots(jobId)) {
            offers.forget(jobId);
            if (!tasks.hasTasks(jobId)) {
                releaseUserCode.accept(jobId);
            }
        }
    }

    private void jobMasterLost(String jobId, String why, long now) {
        int cancelled = tasks.cancel(jobId, null);
        if (cancelled > 0) {
            LOG.info("Cancelling {} subtasks of job {}: its JobMaster is gone", cancelled, jobId);
        }
        List<TaskSlotTable.TaskSlot> waiting = jobMasters.lost(jobId, now);
        if (!waiting.isEmpty()) {
            LOG.info("JobMaster of job {} is gone ({}); its {} slots here are kept for {} in case it comes back", jobId,
                    why, waiting.size(), slotTimeout);
            offers.retryLater(jobId);
        }
    }
}
