package io.ebbflow.core.protocol;

/** A slot's state in the ResourceManager's slot ledger. */
public enum LedgerSlotState {
    /** Available for any job. */
    FREE,
    /** Requested from its TaskExecutor for a job; the TaskExecutor has not confirmed yet. */
    PENDING,
    /** Confirmed allocated to a job by its TaskExecutor. */
    ALLOCATED
}
