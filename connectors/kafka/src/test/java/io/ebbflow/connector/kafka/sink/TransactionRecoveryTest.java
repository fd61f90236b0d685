package io.ebbflow.connector.kafka.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Who resolves which lingering transaction, and when a recorded one is committed: decisions on plain data. */
class TransactionRecoveryTest {

    private static final String PREFIX = "job-a";

    /**
     * Whatever the old and new parallelism, every recorded transaction is committed by exactly one new subtask and
     * every other open one of the prefix is aborted by exactly one; another prefix's are never touched.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyTransactionIsResolvedByExactlyOneSubtask(long seed) {
        Random random = new Random(seed);
        int oldParallelism = 1 + random.nextInt(6);
        int newParallelism = 1 + random.nextInt(6);
        long checkpoint = 2 + random.nextInt(50);
        List<PreCommitted> recorded = new ArrayList<>();
        List<String> open = new ArrayList<>(); // as the broker lists them: each id once, or (here) more
        for (int i = 0; i < oldParallelism; i++) {
            PreCommitted p = recorded(TransactionalIds.of(PREFIX, i, checkpoint), checkpoint);
            recorded.add(p);
            open.add(p.transactionalId());
            open.add(TransactionalIds.of(PREFIX, i, checkpoint + 1)); // written after the barrier
        }
        for (int i = 0; i < 1 + random.nextInt(8); i++) { // a scaled-up run that failed before its first checkpoint
            open.add(TransactionalIds.of(PREFIX, i, checkpoint + 1 + random.nextInt(3)));
        }
        open.add(TransactionalIds.of("job-b", 0, checkpoint + 1));
        open.add(TransactionalIds.of(PREFIX + "-x", 0, 1));

        List<PreCommitted> committed = new ArrayList<>();
        List<String> aborted = new ArrayList<>();
        for (int s = 0; s < newParallelism; s++) {
            TransactionRecovery.Plan plan = TransactionRecovery.plan(PREFIX, recorded, open, s, newParallelism);
            committed.addAll(plan.toCommit());
            aborted.addAll(plan.toAbort());
            for (String id : plan.toAbort()) {
                assertThat(TransactionalIds.subtask(PREFIX, id).getAsInt() % newParallelism).isEqualTo(s);
            }
        }
        assertThat(committed).containsExactlyInAnyOrderElementsOf(recorded);
        Set<String> recordedIds = Set.copyOf(recorded.stream().map(PreCommitted::transactionalId).toList());
        assertThat(aborted).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(open.stream().distinct()
                        .filter(id -> id.matches("job-a-\\d+-\\d+") && !recordedIds.contains(id)).toList());
    }

    @ParameterizedTest
    @CsvSource({
        "ONGOING, 7, 3, COMMIT",
        "ONGOING, 7, 4, LOST",
        "ONGOING, 8, 3, LOST",
        "PREPARE_COMMIT, 7, 3, ALREADY_COMMITTED",
        "COMPLETE_COMMIT, 7, 3, ALREADY_COMMITTED",
        "COMPLETE_COMMIT, 7, 4, ALREADY_COMMITTED",
        "COMPLETE_COMMIT, 7, 6, LOST",
        "COMPLETE_ABORT, 7, 4, LOST",
        "PREPARE_ABORT, 7, 3, LOST",
        "EMPTY, 7, 4, LOST",
    })
    void aRecordedTransactionIsCommittedOnlyWhileItIsOpenWithItsEpoch(TransactionState state, long producerId,
            int epoch, TransactionRecovery.CommitAction expected) {
        PreCommitted recorded = new PreCommitted("job-a-0-5", 5, new PreCommitted.Identity(7, (short) 3, true));
        TransactionDescription now = new TransactionDescription(1, state, producerId, epoch, 60_000, OptionalLong.empty(),
                Set.of());
        assertThat(TransactionRecovery.commitAction(recorded, now)).isEqualTo(expected);
    }

    @Test
    void anIdTheBrokerForgotIsLost() {
        PreCommitted recorded = new PreCommitted("job-a-0-5", 5, new PreCommitted.Identity(7, (short) 3, false));
        assertThat(TransactionRecovery.commitAction(recorded, null)).isEqualTo(TransactionRecovery.CommitAction.LOST);
    }

    private static PreCommitted recorded(String id, long checkpoint) {
        return new PreCommitted(id, checkpoint, new PreCommitted.Identity(id.hashCode(), (short) 0, true));
    }
}
