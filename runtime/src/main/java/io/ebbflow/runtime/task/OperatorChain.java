package io.ebbflow.runtime.task;

import io.ebbflow.runtime.graph.ChainedOperator;
import io.ebbflow.runtime.operators.OperatorContext;
import io.ebbflow.runtime.operators.Output;
import io.ebbflow.runtime.operators.StreamOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The operators of one subtask, wired by direct calls. As in Flink the chain is a tree: each operator's
 * output goes to the operators chained to it and to the network outputs that leave from it (several
 * targets: each gets every record and watermark; records are shared, not copied). A source at the head
 * of the chain is driven by the subtask itself; its output is the chain's head.
 */
final class OperatorChain {

    private final List<StreamOperator<Object, Object>> operators = new ArrayList<>();
    private final Output<Object> head;

    /** The network outputs of a subtask, by the chain index they leave from. */
    interface NetworkOutputs {
        /** The outputs carrying the main output ({@code sideOutput} null) or that side output, or null if none. */
        Output<Object> output(int chainIndex, String sideOutput);

        /** The ids of the side outputs of that operator read over the network. */
        java.util.Set<String> sideOutputs(int chainIndex);
    }

    /**
     * @param chain the chain, in topological order (each operator's input has a smaller index)
     * @param created the operator for each chain index, null for a source
     * @param contexts the context of the operator at a chain index
     * @param networkOutputs the network output leaving from a chain index, or null if none does
     */
    OperatorChain(List<ChainedOperator> chain, List<StreamOperator<Object, Object>> created,
            IntFunction<OperatorContext> contexts, IntFunction<Output<Object>> networkOutputs) {
        this(chain, created, contexts, new NetworkOutputs() {
            @Override
            public Output<Object> output(int chainIndex, String sideOutput) {
                return sideOutput == null ? networkOutputs.apply(chainIndex) : null;
            }

            @Override
            public java.util.Set<String> sideOutputs(int chainIndex) {
                return java.util.Set.of();
            }
        });
    }

    /** As above, with side outputs: an operator's output routes each side output to what reads it. */
    OperatorChain(List<ChainedOperator> chain, List<StreamOperator<Object, Object>> created,
            IntFunction<OperatorContext> contexts, NetworkOutputs networkOutputs) {
        int n = chain.size();
        List<Output<Object>> inputs = new ArrayList<>();
        List<Output<Object>> outputs = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            inputs.add(null);
            outputs.add(null);
        }
        for (int k = n - 1; k >= 0; k--) {
            List<Output<Object>> targets = new ArrayList<>();
            java.util.Map<String, List<Output<Object>>> sideTargets = new java.util.LinkedHashMap<>();
            for (int c = k + 1; c < n; c++) {
                if (chain.get(c).input() == k) {
                    String side = chain.get(c).inputSideOutput();
                    (side == null ? targets : sideTargets.computeIfAbsent(side, x -> new ArrayList<>())).add(inputs.get(c));
                }
            }
            Output<Object> network = networkOutputs.output(k, null);
            if (network != null) {
                targets.add(network);
            }
            for (String side : networkOutputs.sideOutputs(k)) {
                Output<Object> o = networkOutputs.output(k, side);
                if (o != null) {
                    sideTargets.computeIfAbsent(side, x -> new ArrayList<>()).add(o);
                }
            }
            java.util.Map<String, Output<Object>> sides = new java.util.HashMap<>();
            sideTargets.forEach((side, list) -> sides.put(side, combine(list)));
            Output<Object> out = io.ebbflow.runtime.operators.SideOutputs.route(combine(targets), sides);
            outputs.set(k, out);
            StreamOperator<Object, Object> op = created.get(k);
            if (op != null) {
                op.setup(contexts.apply(k), out);
                inputs.set(k, new Chaining(op));
            }
        }
        for (StreamOperator<Object, Object> op : created) {
            if (op != null) {
                operators.add(op);
            }
        }
        this.head = created.get(0) != null ? inputs.get(0) : outputs.get(0);
    }

    private static Output<Object> combine(List<Output<Object>> targets) {
        return targets.isEmpty() ? Discard.INSTANCE : targets.size() == 1 ? targets.get(0) : new FanOut(targets);
    }

    /** Where the chain's input goes: the first operator, or, after a source, what the source feeds. */
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

    /** Several targets of one operator: each gets every record and watermark, in order. */
    private static final class FanOut implements Output<Object> {
        private final Output<Object>[] targets;

        @SuppressWarnings("unchecked")
        FanOut(List<Output<Object>> targets) {
            this.targets = targets.toArray(new Output[0]);
        }

        @Override
        public void collect(Object record, long timestamp) {
            for (Output<Object> t : targets) {
                t.collect(record, timestamp);
            }
        }

        @Override
        public void emitWatermark(long watermark) {
            for (Output<Object> t : targets) {
                t.emitWatermark(watermark);
            }
        }
    }

    /** The output of an operator nothing follows (a sink). */
    private enum Discard implements Output<Object> {
        INSTANCE;

        @Override
        public void collect(Object record, long timestamp) {
        }

        @Override
        public void emitWatermark(long watermark) {
        }
    }

    /** A checked exception from an operator, carried through the chain's calls. */
    static final class ChainException extends RuntimeException {
        ChainException(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }
}
