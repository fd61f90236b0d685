package io.ebbflow.core.protocol;

/**
 * Savepoints asked of a job's JobMaster (REST's trigger and status, Flink's asynchronous-operation shape), and its
 * replies. Beside {@link JobMasterMessages}, which holds everything else addressed to a JobMaster.
 */
public final class SavepointMessages {

    private SavepointMessages() {
    }

    /**
     * Triggers a savepoint into {@code targetDirectory} (null: {@code state.savepoints.dir}); with
     * {@code stop} the job stops once it is complete (stop-with-savepoint).
     */
    public record TriggerSavepoint(String targetDirectory, boolean stop) implements ProtocolMessage {
        public TriggerSavepoint {
            if (targetDirectory != null) {
                Require.text(targetDirectory, "targetDirectory", 4_000);
            }
        }
    }

    /** The id under which a savepoint's progress can be asked for. */
    public record SavepointTriggered(String requestId) implements ProtocolMessage {
    }

    /** Asks how a triggered savepoint is doing. */
    public record SavepointStatusRequest(String requestId) implements ProtocolMessage {
        public SavepointStatusRequest {
            Require.id(requestId, "requestId");
        }
    }

    /**
     * A savepoint's progress (Flink's asynchronous-operation shape).
     *
     * @param status IN_PROGRESS or COMPLETED
     * @param location the savepoint's directory once completed successfully
     * @param failureCause why it failed, if it did
     */
    public record SavepointStatus(String requestId, String status, String location, String failureCause)
            implements ProtocolMessage {
    }
}
