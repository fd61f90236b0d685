package io.ebbflow.core.protocol;

/** A slot's state in its TaskExecutor's slot table. */
public enum TaskSlotState {
    /** Not allocated to any job. */
    FREE,
    /** Allocated to a job on the ResourceManager's request; offered to, but not yet accepted by, its JobMaster. */
    ALLOCATED,
    /** Accepted by the job's JobMaster. */
    ACTIVE
}
