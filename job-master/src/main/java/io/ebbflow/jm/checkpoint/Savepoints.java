package io.ebbflow.jm.checkpoint;

import io.ebbflow.core.cluster.SharedMap;
import io.ebbflow.core.protocol.ProtocolException;
import io.ebbflow.core.protocol.SavepointMessages.SavepointStatus;
import io.ebbflow.core.protocol.SavepointMessages.SavepointStatusRequest;
import io.ebbflow.core.protocol.SavepointMessages.SavepointTriggered;
import io.ebbflow.core.protocol.SavepointMessages.TriggerSavepoint;
import io.ebbflow.core.state.SavepointRecord;
import io.ebbflow.core.time.Clock;
import io.ebbflow.core.time.Timers;
import io.ebbflow.jm.execution.JobRun;
import io.ebbflow.jm.scheduler.AdaptiveScheduler;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Savepoints asked for over REST ({@code POST /jobs/:id/savepoints}, {@code /stop}): each is triggered
 * (waiting briefly while a periodic checkpoint is in progress), its progress kept for the status endpoint
 * (the last 100 requests) and its outcome recorded in the cluster, where it outlives this JobMaster. A
 * stop-with-savepoint stops the job when the savepoint is stored. Confined to the JobMaster's event loop.
 */
public final class Savepoints {

    private static final Logger LOG = LoggerFactory.getLogger(Savepoints.class);
    /** Flink's asynchronous-operation states. */
    static final String IN_PROGRESS = "IN_PROGRESS";
    static final String COMPLETED = "COMPLETED";
    private static final int KEPT = 100;
    private static final Duration RETRY = Duration.ofMillis(100);
    private static final Duration RECORD_TIMEOUT = Duration.ofSeconds(3);

    /** A savepoint asked for, and how it is doing. */
    private static final class Operation {
        final String requestId;
        final boolean stop;
        String status = IN_PROGRESS;
        String location;
        String failure;

        Operation(String requestId, boolean stop) {
            this.requestId = requestId;
            this.stop = stop;
        }
    }

    private final String jobId;
    private final LongSupplier epoch;
    private final Clock clock;
    private final Timers timers;
    private final CheckpointCoordinator checkpoints;
    private final AdaptiveScheduler<JobRun> scheduler;
    private final SharedMap<SavepointRecord> records;
    private final String defaultDirectory;
    private final Duration timeout;
    private final Map<String, Operation> operations = new LinkedHashMap<>();

    public Savepoints(String jobId, LongSupplier epoch, Clock clock, Timers timers, CheckpointCoordinator checkpoints,
            AdaptiveScheduler<JobRun> scheduler, SharedMap<SavepointRecord> records, String defaultDirectory,
            Duration timeout) {
        this.jobId = jobId;
        this.epoch = epoch;
        this.clock = clock;
        this.timers = timers;
        this.checkpoints = checkpoints;
        this.scheduler = scheduler;
        this.records = records;
        this.defaultDirectory = defaultDirectory;
        this.timeout = timeout;
    }

    public SavepointTriggered trigger(TriggerSavepoint request) {
        String requestId = UUID.randomUUID().toString().replace("-", "");
        String dir;
        try {
            // Anywhere the user names (as in Flink), but the savepoint itself is one new directory inside it.
            String target = request.targetDirectory() != null ? request.targetDirectory() : defaultDirectory;
            String name = "savepoint-" + jobId + "-" + requestId.substring(0, 12);
            dir = io.ebbflow.core.storage.ObjectLocation.isObjectStorage(target)
                    ? io.ebbflow.core.storage.ObjectLocation.parse(target).resolve(
                            io.ebbflow.core.protocol.Require.id(name, "savepoint directory")).toString()
                    : io.ebbflow.core.util.PathGuard.childForName(Path.of(target).toAbsolutePath().normalize(), name,
                            "savepoint directory").toString();
        } catch (IllegalArgumentException e) {
            throw ProtocolException.malformed("target-directory: " + e.getMessage());
        }
        if (request.stop() && !scheduler.stopWithSavepoint()) {
            throw ProtocolException.conflict("job " + jobId + " is " + scheduler.state().name()
                    + ", not running: it cannot stop with a savepoint now");
        }
        Operation op = new Operation(requestId, request.stop());
        operations.put(requestId, op);
        while (operations.size() > KEPT) {
            operations.remove(operations.keySet().iterator().next());
        }
        attempt(op, dir, clock.millis() + timeout.toMillis());
        return new SavepointTriggered(requestId);
    }

    public SavepointStatus status(SavepointStatusRequest request) {
        Operation op = operations.get(request.requestId());
        if (op == null) {
            throw ProtocolException.notFound("no savepoint request " + request.requestId() + " for job " + jobId);
        }
        return new SavepointStatus(op.requestId, op.status, op.location, op.failure);
    }

    /** Triggers the savepoint, waiting (briefly, repeatedly) while a periodic checkpoint is in progress. */
    private void attempt(Operation op, String dir, long deadline) {
        checkpoints.trigger(dir).onComplete(ar -> {
            if (ar.succeeded()) {
                op.status = COMPLETED;
                op.location = ar.result().directory();
                LOG.info("Savepoint of job {} stored at {}", jobId, op.location);
                Future<?> recorded = record(op);
                if (op.stop) {
                    LOG.info("Job {} stops after its savepoint", jobId);
                    recorded.onComplete(r -> scheduler.onStopSavepoint(op.location, null));
                }
            } else if (ar.cause() instanceof CheckpointCoordinator.InProgressException && clock.millis() < deadline) {
                timers.schedule(RETRY, () -> attempt(op, dir, deadline));
            } else {
                op.status = COMPLETED;
                op.failure = ar.cause().getMessage();
                LOG.warn("Savepoint of job {} failed: {}", jobId, op.failure);
                record(op);
                if (op.stop) {
                    scheduler.onStopSavepoint(null, op.failure);
                }
            }
        });
    }

    /** The savepoint's outcome goes to the cluster, where it outlives this JobMaster. */
    private Future<?> record(Operation op) {
        return records.write(op.requestId, SharedMap.ANY_VERSION, epoch.getAsLong(),
                        new SavepointRecord(jobId, op.requestId, op.status, op.location, op.failure))
                .timeout(RECORD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .onFailure(e -> LOG.warn("Could not record savepoint {} of job {} in the cluster: {}", op.requestId, jobId,
                        e.toString()));
    }
}
