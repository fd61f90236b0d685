package io.ebbflow.api.connector;

/** What a reader's poll found. */
public enum InputStatus {
    /** Records were emitted and more may follow at once. */
    MORE_AVAILABLE,
    /** Nothing to emit right now (rate limit, no data yet); poll again after {@link SourceReader#waitMillis()}. */
    NOTHING_AVAILABLE,
    /** Every split of this reader is done. */
    END_OF_INPUT
}
