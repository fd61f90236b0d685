package io.ebbflow.connector.kafka.sink;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;

/**
 * Decides what a subtask of an EXACTLY_ONCE sink does, when it starts, with the transactions of its prefix that
 * earlier runs left: pure functions of what the restored checkpoint recorded and what the broker reports; the
 * sink applies the result ({@link KafkaTransactions}).
 *
 * <ul>
 *   <li>A transaction the restored checkpoint recorded was pre-committed for a checkpoint that completed: it is
 *       committed (unless it already is).
 *   <li>Every other open transaction of the prefix belongs to a run that no longer exists (a failed run after the
 *       checkpoint, a run restored from an older checkpoint than the one that pre-committed it, subtasks that a
 *       scale-down removed, a scaled-up run that failed before its first checkpoint): it is aborted.
 * </ul>
 * Each is resolved by the one subtask that owns its id now ({@link TransactionalIds#owner}).
 */
final class TransactionRecovery {

    /** What to do with the prefix's lingering transactions. */
    record Plan(List<PreCommitted> toCommit, List<String> toAbort) {
    }

    /** What to do with one recorded transaction, given what the broker says of its transactional id. */
    enum CommitAction {
        /** Still open with the recorded producer id and epoch: commit it. */
        COMMIT,
        /** Already committed (by the run that wrote it, or by an earlier restore): nothing to do. */
        ALREADY_COMMITTED,
        /**
         * Aborted, or the id was since used by another producer: its records are lost (the broker aborted it when
         * transaction.timeout.ms expired while the job was down, or the id was reused).
         */
        LOST
    }

    private TransactionRecovery() {
    }

    /**
     * @param recorded the pre-committed transactions in the restored checkpoint (every subtask's: union state)
     * @param open the transactional ids of the prefix that the broker reports open
     */
    static Plan plan(String prefix, Collection<PreCommitted> recorded, Collection<String> open, int index,
            int parallelism) {
        List<PreCommitted> commit = new ArrayList<>();
        Set<String> recordedIds = new HashSet<>();
        for (PreCommitted p : recorded) {
            recordedIds.add(p.transactionalId());
            if (TransactionalIds.ownedBy(prefix, p.transactionalId(), index, parallelism)) {
                commit.add(p);
            }
        }
        List<String> abort = open.stream()
                .filter(id -> !recordedIds.contains(id) && TransactionalIds.ownedBy(prefix, id, index, parallelism))
                .distinct().sorted().toList();
        return new Plan(commit, abort);
    }

    /**
     * What to do with {@code recorded}, whose transactional id the broker describes as {@code now} (null: the broker
     * does not know the id any more).
     */
    static CommitAction commitAction(PreCommitted recorded, TransactionDescription now) {
        if (now == null || now.producerId() != recorded.identity().producerId()) {
            return CommitAction.LOST;
        }
        TransactionState state = now.state();
        if (state == TransactionState.ONGOING && now.producerEpoch() == recorded.identity().epoch()) {
            return CommitAction.COMMIT;
        }
        // Transactions V2 bump the epoch when a transaction ends; V1 keep it. A later epoch means the id was
        // initialized again since, and what the broker describes is another transaction.
        int ended = now.producerEpoch() - recorded.identity().epoch();
        if ((state == TransactionState.PREPARE_COMMIT || state == TransactionState.COMPLETE_COMMIT)
                && (ended == 0 || ended == 1)) {
            return CommitAction.ALREADY_COMMITTED;
        }
        return CommitAction.LOST;
    }
}
