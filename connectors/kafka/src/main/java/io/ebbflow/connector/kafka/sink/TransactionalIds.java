package io.ebbflow.connector.kafka.sink;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sink's transactional ids: {@code <prefix>-<subtask index>-<n>}, where {@code n} is one more than the id of
 * the checkpoint before the transaction began (1 for a job's first transaction, {@code c + 1} for the first one after
 * a restore from checkpoint {@code c}). Deterministic, so a restarted run finds what a failed run left open: every
 * id of the prefix that a restored checkpoint does not record belongs to a run that no longer exists.
 *
 * <p>After a rescale, the transactions of old subtask {@code i} belong to new subtask {@code i mod parallelism}
 * ({@link #owner}): exactly one subtask of the new run commits or aborts each, and never one another subtask uses.
 */
final class TransactionalIds {

    private TransactionalIds() {
    }

    static String of(String prefix, int subtask, long n) {
        return prefix + "-" + subtask + "-" + n;
    }

    /** A regular expression matching exactly the ids of {@code prefix} (for the Admin client's listTransactions). */
    static String pattern(String prefix) {
        return Pattern.quote(prefix) + "-\\d+-\\d+";
    }

    /** The subtask index in {@code id}, if it is an id of {@code prefix}. */
    static OptionalInt subtask(String prefix, String id) {
        Matcher m = Pattern.compile(Pattern.quote(prefix) + "-(\\d{1,9})-\\d+").matcher(id);
        return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /** The subtask of a run at {@code parallelism} that resolves the transactions of old subtask {@code subtask}. */
    static int owner(int subtask, int parallelism) {
        return subtask % parallelism;
    }

    /** Whether {@code id} (of {@code prefix}) is resolved by subtask {@code index} of {@code parallelism}. */
    static boolean ownedBy(String prefix, String id, int index, int parallelism) {
        OptionalInt subtask = subtask(prefix, id);
        return subtask.isPresent() && owner(subtask.getAsInt(), parallelism) == index;
    }
}
