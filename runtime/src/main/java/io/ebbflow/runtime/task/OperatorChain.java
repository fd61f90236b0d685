package io.ebbflow.runtime.task;

import io.ebbflow.runtime.operators.OperatorContext;
import io.ebbflow.runtime.operators.Output;
import io.ebbflow.runtime.operators.StreamOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The operators of one subtask, wired by direct calls: each operator's output calls the next operator;
 * the last one's output goes to the record writers (or nowhere, for a sink).
 */
final class OperatorChain {

    private final List<StreamOperator<Object, Object>> operators;
    private final Output<Object> head;

    OperatorChain(List<StreamOperator<Object, Object>> operators, Function<Integer, OperatorContext> contexts,
            Output<Object> tail) {
        this.operators = operators;
        Output<Object> next = tail;
        for (int i = operators.size() - 1; i >= 0; i--) {
            StreamOperator<Object, Object> op = operators.get(i);
            op.setup(contexts.apply(i), next);
            next = new Chaining(op);
        }
        this.head = next;
    }

    /** Where the chain's input goes (the first operator, or the tail if the chain is empty). */
    Output<Object> head() {
        return head;
    }

    /** Opens the operators, last first, so downstream operators are ready before upstream ones emit. */
    void open() throws Exception {
        for (int i = operators.size() - 1; i >= 0; i--) {
            operators.get(i).open();
        }
    }

    /** The input ended: every operator, first to last, gets endInput. */
    void endInput() throws Exception {
        for (StreamOperator<Object, Object> op : operators) {
            op.endInput();
        }
    }

    void close() throws Exception {
        Exception first = null;
        for (StreamOperator<Object, Object> op : operators) {
            try {
                op.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Calls an operator directly. */
    private static final class Chaining implements Output<Object> {
        private final StreamOperator<Object, Object> operator;

        Chaining(StreamOperator<Object, Object> operator) {
            this.operator = operator;
        }

        @Override
        public void collect(Object record, long timestamp) {
            try {
                operator.processElement(record, timestamp);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new ChainException(e);
            }
        }

        @Override
        public void emitWatermark(long watermark) {
            try {
                operator.processWatermark(watermark);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new ChainException(e);
            }
        }
    }

    /** A checked exception from an operator, carried through the chain's calls. */
    static final class ChainException extends RuntimeException {
        ChainException(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    static List<StreamOperator<Object, Object>> list() {
        return new ArrayList<>();
    }
}
