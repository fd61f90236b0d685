package io.ebbflow.core.state;

import io.ebbflow.core.protocol.LedgerSlotState;

/**
 * One row of the slot ledger, the shared map {@code ebbflow.slots} (key: {@code <taskExecutorId>_<index>}). Written
 * only by the ResourceManager, guarded by its epoch; read by a restarted ResourceManager and by the
 * web-ui.
 *
 * @param jobId owning job; null when FREE
 * @param allocationId the allocation; null when FREE
 */
public record SlotLedgerEntry(String taskExecutorId, int slotIndex, LedgerSlotState state, String jobId,
        String allocationId) {
}
