package io.ebbflow.runtime.operators;

import io.ebbflow.api.functions.AsyncFunction;
import io.ebbflow.api.functions.AsyncRetryPredicate;
import io.ebbflow.api.functions.AsyncRetryStrategy;
import io.ebbflow.api.functions.CheckpointedFunction;
import io.ebbflow.api.functions.ResultFuture;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.api.state.ListState;
import io.ebbflow.api.state.ListStateDescriptor;
import io.ebbflow.runtime.state.HeapStates;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Asynchronous I/O ({@code AsyncDataStream}): calls the {@link AsyncFunction} for each record and keeps it in
 * an {@link AsyncQueue} until its results are emitted. At most {@code capacity} records and watermarks are
 * queued: when it is full the operator waits inside {@code processElement} (running its own mail: completions
 * and timeouts), so the subtask takes no input meanwhile. A completion, from whatever thread, is handed to
 * the subtask's thread through the mailbox; only there are results emitted. Each call's timeout is a
 * processing-time timer. The records in the queue at a checkpoint barrier are the operator's list state
 * {@value #STATE}; after a restore (at any parallelism: the items are dealt out over the new subtasks) they are
 * called again, before any new input.
 *
 * <p>With an {@link AsyncRetryStrategy}, an outcome that matches its predicates (and that it still allows a retry
 * for) is not emitted: after the backoff, a processing-time timer calls the function again with a fresh
 * {@link ResultFuture} (each attempt's future counts once). The element keeps its place in the queue meanwhile, so
 * a checkpoint holds it like any call in flight. The timeout spans all attempts: when it fires, a pending retry is
 * cancelled, {@link AsyncFunction#timeout} decides, and no outcome after it is retried.
 */
final class AsyncWaitOperator<IN, OUT> extends StreamOperator<IN, OUT> {

    static final String STATE = "async-wait-in-flight";

    /** A record in flight, as kept in a checkpoint. */
    record InFlight(Object value, long timestamp) implements Serializable {
    }

    private final AsyncFunction<IN, OUT> fn;
    private final AsyncRetryStrategy<OUT> retryStrategy;
    private final Predicate<Collection<OUT>> retryIfResult;
    private final Predicate<Throwable> retryIfException;
    private final long timeoutMillis;
    private final int capacity;
    private final AsyncQueue queue;
    private final Checkpointing checkpointing = new Checkpointing();
    private ListState<InFlight> state;
    private List<InFlight> restored = List.of();

    @SuppressWarnings("unchecked")
    AsyncWaitOperator(OperatorSpec.AsyncWait spec) {
        this.fn = (AsyncFunction<IN, OUT>) spec.function();
        this.retryStrategy = (AsyncRetryStrategy<OUT>) spec.retryStrategy();
        AsyncRetryPredicate<OUT> retryIf = retryStrategy.getRetryPredicate();
        this.retryIfResult = retryIf.resultPredicate().orElse(null);
        this.retryIfException = retryIf.exceptionPredicate().orElse(null);
        this.timeoutMillis = spec.timeoutMillis();
        this.capacity = spec.capacity();
        this.queue = new AsyncQueue(spec.ordered());
    }

    @Override
    public void open() throws Exception {
        openFunction(fn);
        List<InFlight> again = restored;
        restored = List.of();
        for (InFlight r : again) {
            @SuppressWarnings("unchecked")
            IN value = (IN) r.value();
            processElement(value, r.timestamp());
        }
    }

    @Override
    public void processElement(IN value, long timestamp) throws Exception {
        waitForCapacity();
        AsyncQueue.Entry entry = queue.addRecord(value, timestamp);
        if (timeoutMillis > 0) {
            ProcessingTimeService time = context.processingTime();
            entry.timer = time.schedule(time.now() + timeoutMillis, () -> timedOut(entry));
        }
        call(entry, new Attempt(1));
    }

    private void call(AsyncQueue.Entry entry, Attempt attempt) throws Exception {
        entry.call = attempt;
        @SuppressWarnings("unchecked")
        IN value = (IN) entry.value;
        fn.asyncInvoke(value, attempt.handler(entry));
    }

    @Override
    public void processWatermark(long watermark) throws Exception {
        waitForCapacity();
        queue.addWatermark(watermark);
        queue.emitReady(output);
    }

    /** Every call still in flight completes (or times out) before the operators after this one end. */
    @Override
    public void endInput() throws Exception {
        context.mailbox().yieldUntil(queue::isEmpty);
    }

    @Override
    public void close() throws Exception {
        closeFunction(fn);
    }

    @Override
    public Object userFunction() {
        return fn;
    }

    @Override
    public CheckpointedFunction checkpointedFunction() {
        return checkpointing;
    }

    private void waitForCapacity() {
        if (queue.size() >= capacity) {
            context.mailbox().yieldUntil(() -> queue.size() < capacity);
        }
    }

    /** On the subtask's thread: the call for {@code entry} completed. */
    private void completed(AsyncQueue.Entry entry, Collection<OUT> results) {
        if (retryIfResult != null && retryIfResult.test(results == null ? List.of() : results) && retryLater(entry)) {
            return;
        }
        if (entry.timer != null) {
            entry.timer.cancel();
        }
        queue.complete(entry, results == null ? List.of() : new ArrayList<>(results));
        queue.emitReady(output);
    }

    /**
     * Whether {@code entry}'s outcome is retried: if the strategy allows another attempt and the timeout has not
     * passed, the next attempt is scheduled after the backoff.
     */
    private boolean retryLater(AsyncQueue.Entry entry) {
        Attempt done = (Attempt) entry.call;
        if (done.afterTimeout || !retryStrategy.canRetry(done.number)) {
            return false;
        }
        ProcessingTimeService time = context.processingTime();
        Attempt next = new Attempt(done.number + 1);
        entry.call = next;
        next.backoff = time.schedule(time.now() + Math.max(0, retryStrategy.getBackoffTimeMillis(done.number)), () -> {
            try {
                call(entry, next);
            } catch (Exception e) {
                failed(entry, e);
            }
        });
        return true;
    }

    /**
     * On the subtask's thread: no answer in time (over all attempts); the function decides (by default, the job
     * fails). A retry waiting for its backoff is dropped, and the function decides on a fresh future.
     */
    @SuppressWarnings("unchecked")
    private void timedOut(AsyncQueue.Entry entry) {
        Attempt attempt = (Attempt) entry.call;
        if (attempt.backoff != null) {
            attempt.backoff.cancel();
            attempt.backoff = null;
        } else if (attempt.handler.done.get()) {
            attempt.afterTimeout = true; // its outcome, on its way through the mailbox, is final
            return;
        }
        attempt.afterTimeout = true;
        try {
            fn.timeout((IN) entry.value, attempt.handler(entry));
        } catch (Exception e) {
            failed(entry, e);
        }
    }

    /** On the subtask's thread: the call for {@code entry} failed; unless retried, so does the job, naming this operator. */
    private void failed(AsyncQueue.Entry entry, Throwable cause) {
        if (retryIfException != null && retryIfException.test(cause) && retryLater(entry)) {
            return;
        }
        String where = "async operator '" + context.operatorName() + "' (subtask " + (context.subtaskIndex() + 1) + "/"
                + context.parallelism() + ")";
        Exception error;
        if (cause instanceof TimeoutException) {
            error = new TimeoutException(where + ": no result within " + timeoutMillis + " ms for " + entry.value);
            error.initCause(cause);
        } else {
            error = new ExecutionException(where + ": the call for " + entry.value + " failed: " + cause, cause);
        }
        throw new HeapStates.UserFunctionException(error);
    }

    /** One attempt at calling an element: its number (1 = the first call), its future, its pending backoff. */
    private final class Attempt {
        final int number;
        Handler handler;
        ProcessingTimeService.Registration backoff;
        /** The timeout passed: this attempt's outcome is final. */
        boolean afterTimeout;

        Attempt(int number) {
            this.number = number;
        }

        /** The future of this attempt, made at its first use. */
        Handler handler(AsyncQueue.Entry entry) {
            if (handler == null) {
                handler = new Handler(entry);
            }
            return handler;
        }
    }

    /** The future of one call: the first completion counts, and goes to the subtask's thread. */
    private final class Handler implements ResultFuture<OUT> {
        private final AsyncQueue.Entry entry;
        private final AtomicBoolean done = new AtomicBoolean();

        Handler(AsyncQueue.Entry entry) {
            this.entry = entry;
        }

        @Override
        public void complete(Collection<OUT> result) {
            if (done.compareAndSet(false, true)) {
                context.mailbox().execute(() -> completed(entry, result));
            }
        }

        @Override
        public void completeExceptionally(Throwable error) {
            if (done.compareAndSet(false, true)) {
                context.mailbox().execute(() -> failed(entry, error));
            }
        }
    }

    /** The in-flight records as list state, and the function's own operator state if it has any. */
    private final class Checkpointing implements CheckpointedFunction {

        @Override
        public void initializeState(InitializationContext init) throws Exception {
            state = init.getOperatorStateStore().getListState(new ListStateDescriptor<>(STATE, InFlight.class));
            List<InFlight> items = new ArrayList<>();
            for (InFlight r : state.get()) {
                items.add(r);
            }
            restored = items;
            if (fn instanceof CheckpointedFunction f) {
                f.initializeState(init);
            }
        }

        @Override
        public void snapshotState(long checkpointId) throws Exception {
            List<InFlight> items = new ArrayList<>();
            for (AsyncQueue.Entry e : queue.inFlight()) {
                items.add(new InFlight(e.value, e.timestamp));
            }
            state.update(items);
            if (fn instanceof CheckpointedFunction f) {
                f.snapshotState(checkpointId);
            }
        }
    }
}
