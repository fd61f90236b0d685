package io.ebbflow.runtime.task;

/** The kinds of element in a buffer: each starts with one of these bytes. */
final class StreamElements {

    /** A record without a timestamp: the record follows. */
    static final byte RECORD = 0;
    /** A record with a timestamp: 8 bytes of timestamp, then the record. */
    static final byte RECORD_WITH_TIMESTAMP = 1;
    /** A watermark: 8 bytes. */
    static final byte WATERMARK = 2;
    /** The producer subtask finished: nothing follows on this channel. */
    static final byte END_OF_PARTITION = 3;
    /** A checkpoint barrier: id (8 bytes), timestamp (8 bytes), savepoint flag, target directory (string). */
    static final byte BARRIER = 4;
    /**
     * The producer's watermark status changed: 1 byte, 1 idle (its watermarks do not hold back the consumer's
     * until it is active again), 0 active. A channel starts active.
     */
    static final byte WATERMARK_STATUS = 5;

    private StreamElements() {
    }
}
