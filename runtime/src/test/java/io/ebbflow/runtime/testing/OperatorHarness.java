package io.ebbflow.runtime.testing;

import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.runtime.graph.ChainedOperator;
import io.ebbflow.runtime.operators.OperatorContext;
import io.ebbflow.runtime.operators.Operators;
import io.ebbflow.runtime.operators.Output;
import io.ebbflow.runtime.operators.ProcessingTimeService;
import io.ebbflow.runtime.operators.StreamOperator;
import io.ebbflow.runtime.state.HeapKeyedStateBackend;
import io.ebbflow.runtime.state.KeyGroupRange;
import io.ebbflow.runtime.state.KeyGroups;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Runs one operator without a cluster: feed records and watermarks, move a manual processing-time
 * clock, and look at what it emitted. The operator owns every key group (subtask 0 of 1).
 */
public final class OperatorHarness<IN, OUT> {

    /** An emitted record with its timestamp, or a watermark. */
    public record Emitted(Object value, long timestamp, boolean watermark) {
        @Override
        public String toString() {
            return watermark ? "WM(" + timestamp + ")" : value + (timestamp == Output.NO_TIMESTAMP ? "" : "@" + timestamp);
        }
    }

    private final StreamOperator<Object, Object> operator;
    private final List<Emitted> emitted = new ArrayList<>();
    private final java.util.Map<String, List<Emitted>> sideOutputs = new java.util.HashMap<>();
    private final PriorityQueue<Scheduled> scheduled = new PriorityQueue<>();
    /** Actions handed to the operator's thread (the test's) from other threads, run by {@link #runMailbox}. */
    private final java.util.concurrent.LinkedBlockingQueue<Runnable> mailbox = new java.util.concurrent.LinkedBlockingQueue<>();
    private final List<String> published = new ArrayList<>();
    private long now;
    private long seq;
    private HeapKeyedStateBackend backend;
    private final int maxParallelism;

    private record Scheduled(long time, long seq, Runnable action, boolean[] cancelled) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    public OperatorHarness(OperatorSpec spec, KeySelector<?, ?> keySelector) throws Exception {
        this(spec, keySelector, 128, 200);
    }

    public OperatorHarness(OperatorSpec spec, KeySelector<?, ?> keySelector, int maxParallelism, long watermarkInterval)
            throws Exception {
        this.maxParallelism = maxParallelism;
        this.operator = Operators.create(new ChainedOperator("op", "op", spec, keySelector));
        Output<Object> out = new Output<>() {
            @Override
            public void collect(Object record, long timestamp) {
                emitted.add(new Emitted(record, timestamp, false));
            }

            @Override
            public void emitWatermark(long watermark) {
                emitted.add(new Emitted(null, watermark, true));
            }

            @Override
            public void collectSide(io.ebbflow.api.util.OutputTag<?> tag, Object record, long timestamp) {
                sideOutputs.computeIfAbsent(tag.getId(), id -> new ArrayList<>()).add(new Emitted(record, timestamp, false));
            }
        };
        operator.setup(new Context(watermarkInterval), out);
        operator.open();
    }

    public void processElement(IN value) throws Exception {
        operator.processElement(value, Output.NO_TIMESTAMP);
    }

    public void processElement(IN value, long timestamp) throws Exception {
        operator.processElement(value, timestamp);
    }

    public void processWatermark(long watermark) throws Exception {
        operator.processWatermark(watermark);
    }

    public void endInput() throws Exception {
        operator.processWatermark(Long.MAX_VALUE);
        operator.endInput();
    }

    /** Moves processing time to {@code time}, running what falls due. */
    public void setProcessingTime(long time) {
        while (!scheduled.isEmpty() && scheduled.peek().time() <= time) {
            Scheduled s = scheduled.poll();
            now = Math.max(now, s.time());
            if (!s.cancelled()[0]) {
                s.action().run();
            }
        }
        now = time;
    }

    public long processingTime() {
        return now;
    }

    /** Runs the actions the operator handed to its mailbox (from any thread) so far, in order. */
    public void runMailbox() {
        Runnable r;
        while ((r = mailbox.poll()) != null) {
            r.run();
        }
    }

    /**
     * Runs mailbox actions, waiting for more (at most 30 s each: a liveness bound), until {@code done} holds;
     * how an operator waiting in a call (its queue full, say) gets its completions in this harness.
     */
    public void runMailboxUntil(java.util.function.BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            Runnable r;
            try {
                r = mailbox.poll(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for mail", e);
            }
            if (r == null) {
                throw new IllegalStateException("the operator waits, and no mail came within 30 s");
            }
            r.run();
        }
    }

    public void close() throws Exception {
        operator.close();
    }

    /** Emitted records (not watermarks), in order. */
    @SuppressWarnings("unchecked")
    public List<OUT> records() {
        List<OUT> out = new ArrayList<>();
        for (Emitted e : emitted) {
            if (!e.watermark()) {
                out.add((OUT) e.value());
            }
        }
        return out;
    }

    /** What was emitted into the side output with this id, in order. */
    public List<Emitted> sideOutput(String id) {
        return sideOutputs.getOrDefault(id, List.of());
    }

    public List<Emitted> emitted() {
        return emitted;
    }

    public List<Long> watermarks() {
        return emitted.stream().filter(Emitted::watermark).map(Emitted::timestamp).toList();
    }

    public void clearOutput() {
        emitted.clear();
    }

    public List<String> published() {
        return published;
    }

    public HeapKeyedStateBackend backend() {
        return backend;
    }

    private final class Context implements OperatorContext {
        private final long watermarkInterval;

        Context(long watermarkInterval) {
            this.watermarkInterval = watermarkInterval;
        }

        @Override
        public String jobId() {
            return "test-job";
        }

        @Override
        public String taskName() {
            return "test-task";
        }

        @Override
        public String operatorId() {
            return "op";
        }

        @Override
        public String operatorName() {
            return "op";
        }

        @Override
        public int subtaskIndex() {
            return 0;
        }

        @Override
        public int parallelism() {
            return 1;
        }

        @Override
        public int maxParallelism() {
            return maxParallelism;
        }

        @Override
        public KeyGroupRange keyGroupRange() {
            return KeyGroups.rangeForOperator(maxParallelism, 1, 0);
        }

        @Override
        public ProcessingTimeService processingTime() {
            return new ProcessingTimeService() {
                @Override
                public long now() {
                    return now;
                }

                @Override
                public Registration schedule(long time, Runnable callback) {
                    boolean[] cancelled = {false};
                    scheduled.add(new Scheduled(time, seq++, callback, cancelled));
                    return () -> cancelled[0] = true;
                }
            };
        }

        @Override
        public io.ebbflow.runtime.operators.MailboxExecutor mailbox() {
            return new io.ebbflow.runtime.operators.MailboxExecutor() {
                @Override
                public void execute(Runnable action) {
                    mailbox.add(action);
                }

                @Override
                public void yieldUntil(java.util.function.BooleanSupplier done) {
                    runMailboxUntil(done);
                }
            };
        }

        @Override
        public RuntimeContext.ExternalPublisher publisher() {
            return (address, message) -> published.add(address + ":" + message);
        }

        @Override
        public long autoWatermarkIntervalMillis() {
            return watermarkInterval;
        }

        private final java.util.Map<String, io.ebbflow.api.accumulators.LongCounter> counters = new java.util.HashMap<>();

        @Override
        public io.ebbflow.api.accumulators.LongCounter counter(String name) {
            return counters.computeIfAbsent(name, n -> new io.ebbflow.api.accumulators.LongCounter());
        }

        @Override
        public HeapKeyedStateBackend keyedStateBackend() {
            if (backend == null) {
                backend = new HeapKeyedStateBackend(keyGroupRange(), maxParallelism);
                backend.setTtlClock(() -> now);
            }
            return backend;
        }
    }
}
