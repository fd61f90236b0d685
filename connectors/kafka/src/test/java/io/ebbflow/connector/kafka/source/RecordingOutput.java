package io.ebbflow.connector.kafka.source;

import io.ebbflow.api.connector.ReaderOutput;
import io.ebbflow.api.connector.SourceReaderContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A reader's output in a test: what each split's own output received, and the released splits. */
final class RecordingOutput implements ReaderOutput<String> {

    /** A record with the split output it went through and its timestamp (Long.MIN_VALUE: none). */
    record Emitted(String splitId, String value, long timestamp) {
    }

    final List<Emitted> emitted = new ArrayList<>();
    final Map<String, ReaderOutput<String>> splitOutputs = new LinkedHashMap<>();
    final List<String> released = new ArrayList<>();

    @Override
    public void collect(String record) {
        emitted.add(new Emitted(null, record, Long.MIN_VALUE));
    }

    @Override
    public void collect(String record, long timestamp) {
        emitted.add(new Emitted(null, record, timestamp));
    }

    @Override
    public ReaderOutput<String> createOutputForSplit(String splitId) {
        if (splitOutputs.containsKey(splitId)) {
            throw new AssertionError("a second output for split " + splitId);
        }
        ReaderOutput<String> out = new ReaderOutput<>() {
            @Override
            public void collect(String record) {
                emitted.add(new Emitted(splitId, record, Long.MIN_VALUE));
            }

            @Override
            public void collect(String record, long timestamp) {
                emitted.add(new Emitted(splitId, record, timestamp));
            }
        };
        splitOutputs.put(splitId, out);
        return out;
    }

    @Override
    public void releaseOutputForSplit(String splitId) {
        released.add(splitId);
    }

    List<String> values() {
        return emitted.stream().map(Emitted::value).toList();
    }

    /** A reader context for subtask {@code index} of {@code parallelism}, on a clock the test sets. */
    static final class Context implements SourceReaderContext {
        private final int index;
        private final int parallelism;
        long now;

        Context(int index, int parallelism, long now) {
            this.index = index;
            this.parallelism = parallelism;
            this.now = now;
        }

        @Override
        public int subtaskIndex() {
            return index;
        }

        @Override
        public int parallelism() {
            return parallelism;
        }

        @Override
        public long currentProcessingTimeMillis() {
            return now;
        }
    }
}
