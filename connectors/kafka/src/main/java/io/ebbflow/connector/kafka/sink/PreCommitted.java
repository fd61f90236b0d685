package io.ebbflow.connector.kafka.sink;

import java.io.Serializable;

/**
 * A Kafka transaction flushed at a checkpoint barrier and recorded in that checkpoint ("pre-committed"): it is
 * committed when the checkpoint completes, by the producer that wrote it or, after a restart, by whichever subtask
 * owns it then ({@link TransactionalIds#owner}), through its producer id and epoch.
 *
 * @param transactionalId the transaction's {@code transactional.id} ({@link TransactionalIds})
 * @param checkpointId the checkpoint whose barrier pre-committed it
 * @param identity the producer id and epoch the broker knows the open transaction by
 */
public record PreCommitted(String transactionalId, long checkpointId, Identity identity) implements Serializable {

    /**
     * @param transactionV2 whether the transaction was begun with Kafka's transaction protocol version 2 (KIP-890),
     *     which its commit must use too
     */
    public record Identity(long producerId, short epoch, boolean transactionV2) implements Serializable {
    }
}
