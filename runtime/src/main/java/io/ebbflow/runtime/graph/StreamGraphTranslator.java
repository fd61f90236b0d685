package io.ebbflow.runtime.graph;

import io.ebbflow.api.Parallelism;
import io.ebbflow.api.connector.Source;
import io.ebbflow.api.functions.KeySelector;
import io.ebbflow.api.graph.OperatorSpec;
import io.ebbflow.api.graph.Partitioning;
import io.ebbflow.api.graph.StreamGraph;
import io.ebbflow.api.graph.Transformation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the dataflow a program built into a {@link JobGraph}:
 * <ul>
 *   <li>partition and union nodes become edges (a node's physical inputs);</li>
 *   <li>operators are chained where Flink would chain them: a single input over a forward edge, equal
 *       parallelism, the same slot-sharing group, chaining not disabled; like Flink's, a chain is a tree
 *       (an operator may feed several chained operators, for example two sinks);</li>
 *   <li>each chain becomes a vertex with {@code (min, target, max)}: an explicit {@code setParallelism(p)}
 *       means {@code (p, p, p)}; otherwise {@code (1, default parallelism, max parallelism)}, where the max
 *       parallelism is explicit, the job's, or derived from the target (Flink's rule);</li>
 *   <li>slot-sharing groups are explicit or inherited from the inputs (all in one group), else "default".</li>
 * </ul>
 * Ids are stable for the same program: from the uid if set, else from the node's position and name.
 */
public final class StreamGraphTranslator {

    private StreamGraphTranslator() {
    }

    /** A physical input of an operator node: the upstream operator node and how records reach it. */
    private record Input(Transformation from, Partitioning partitioning, KeySelector<?, ?> keySelector, String sideOutput) {
    }

    /**
     * @param clusterDefaultParallelism {@code parallelism.default}, used when the program sets none
     * @param clusterMaxParallelism {@code pipeline.max-parallelism} (-1 = derive)
     * @param defaultBufferTimeoutMillis {@code execution.buffer-timeout}, used when the program sets none
     * @param defaultWatermarkIntervalMillis {@code pipeline.auto-watermark-interval}, likewise
     */
    public static JobGraph translate(StreamGraph graph, int clusterDefaultParallelism, int clusterMaxParallelism,
            long defaultBufferTimeoutMillis, long defaultWatermarkIntervalMillis) {
        TwoInputChecks.check(graph);
        List<Transformation> operators = graph.transformations().stream()
                .filter(t -> t.kind() == Transformation.Kind.SOURCE || t.kind() == Transformation.Kind.OPERATOR
                        || t.kind() == Transformation.Kind.SINK)
                .toList();
        int defaultParallelism = graph.defaultParallelism() > 0 ? graph.defaultParallelism() : clusterDefaultParallelism;
        int jobMaxParallelism = graph.defaultMaxParallelism() > 0 ? graph.defaultMaxParallelism() : clusterMaxParallelism;

        Map<Transformation, List<Input>> inputs = new LinkedHashMap<>();
        for (Transformation t : operators) {
            List<Input> in = new ArrayList<>();
            for (Transformation i : t.inputs()) {
                resolve(i, Partitioning.FORWARD, null, null, in);
            }
            inputs.put(t, in);
        }

        Map<Transformation, Integer> parallelism = new HashMap<>();
        Map<Transformation, Integer> maxParallelism = new HashMap<>();
        Map<Transformation, String> groups = new HashMap<>();
        for (Transformation t : operators) {
            int p = t.parallelism() > 0 ? t.parallelism() : defaultParallelism;
            if (t.kind() == Transformation.Kind.SOURCE && t.spec() instanceof OperatorSpec.SourceOp s) {
                p = Math.min(p, sourceMax(s.source()));
            }
            int max = t.maxParallelism() > 0 ? t.maxParallelism()
                    : jobMaxParallelism > 0 ? Math.max(jobMaxParallelism, p) : Parallelism.defaultMaxParallelism(p);
            Parallelism.checkBounds("operator '" + t.name() + "'", 1, p, max);
            parallelism.put(t, p);
            maxParallelism.put(t, max);
            groups.put(t, groupOf(t, inputs.get(t), groups));
        }

        // Chain: t joins its single input's chain when Flink would chain them.
        Map<Transformation, Transformation> chainHead = new LinkedHashMap<>();
        for (Transformation t : operators) {
            List<Input> in = inputs.get(t);
            Transformation head = t;
            if (in.size() == 1) {
                Input i = in.get(0);
                Transformation up = i.from();
                boolean chainable = i.partitioning() == Partitioning.FORWARD
                        && parallelism.get(up).equals(parallelism.get(t))
                        && (t.parallelism() > 0) == (up.parallelism() > 0)
                        && groups.get(up).equals(groups.get(t))
                        && !t.chainingDisabled() && !up.chainingDisabled() && !t.startsNewChain()
                        && up.kind() != Transformation.Kind.SINK;
                if (chainable) {
                    head = chainHead.get(up);
                }
            }
            chainHead.put(t, head);
        }

        Map<Transformation, List<Transformation>> chains = new LinkedHashMap<>();
        for (Transformation t : operators) {
            chains.computeIfAbsent(chainHead.get(t), k -> new ArrayList<>()).add(t);
        }
        Map<Transformation, String> vertexIds = new HashMap<>();
        Map<Transformation, Integer> indexInChain = new HashMap<>();
        List<JobVertex> vertices = new ArrayList<>();
        for (Map.Entry<Transformation, List<Transformation>> chain : chains.entrySet()) {
            Transformation head = chain.getKey();
            List<Transformation> members = chain.getValue();
            for (int k = 0; k < members.size(); k++) {
                indexInChain.put(members.get(k), k);
            }
            List<ChainedOperator> ops = new ArrayList<>();
            boolean explicit = false;
            int max = Integer.MAX_VALUE;
            for (Transformation t : members) {
                int input = t == head ? -1 : indexInChain.get(inputs.get(t).get(0).from());
                String side = t == head ? null : inputs.get(t).get(0).sideOutput();
                ops.add(new ChainedOperator(stableId(t), t.name(), t.spec(), t.keySelector(), input, side));
                explicit |= t.parallelism() > 0;
                max = Math.min(max, maxParallelism.get(t));
            }
            int p = parallelism.get(head);
            String id = stableId(head);
            String name = chainName(ops, 0);
            Parallelism.checkBounds("vertex '" + name + "'", 1, p, max);
            vertices.add(new JobVertex(id, name, explicit ? p : 1, p, max, explicit, groups.get(head), ops));
            for (Transformation t : members) {
                vertexIds.put(t, id);
            }
        }

        List<JobEdge> edges = new ArrayList<>();
        for (Transformation t : operators) {
            for (Input i : inputs.get(t)) {
                String from = vertexIds.get(i.from());
                String to = vertexIds.get(t);
                if (!from.equals(to)) {
                    edges.add(new JobEdge(from, to, i.partitioning(), i.keySelector(), indexInChain.get(i.from()),
                            i.sideOutput()));
                }
            }
        }
        return new JobGraph(graph.jobName(), vertices, edges,
                graph.bufferTimeoutMillis() >= 0 ? graph.bufferTimeoutMillis() : defaultBufferTimeoutMillis,
                graph.autoWatermarkIntervalMillis() > 0 ? graph.autoWatermarkIntervalMillis() : defaultWatermarkIntervalMillis,
                graph.checkpointIntervalMillis());
    }

    /** Flink's chain names: {@code A -> B}, and {@code A -> (B, C)} where the chain forks. */
    private static String chainName(List<ChainedOperator> ops, int index) {
        List<Integer> children = new ArrayList<>();
        for (int k = 0; k < ops.size(); k++) {
            if (ops.get(k).input() == index) {
                children.add(k);
            }
        }
        String name = ops.get(index).name();
        if (children.isEmpty()) {
            return name;
        }
        if (children.size() == 1) {
            return name + " -> " + chainName(ops, children.get(0));
        }
        List<String> names = new ArrayList<>();
        children.forEach(c -> names.add(chainName(ops, c)));
        return name + " -> (" + String.join(", ", names) + ")";
    }

    private static int sourceMax(Source<?, ?> source) {
        return Math.max(1, Math.min(Parallelism.UPPER_BOUND, source.maxParallelism()));
    }

    private static void resolve(Transformation t, Partitioning partitioning, KeySelector<?, ?> key, String sideOutput,
            List<Input> out) {
        switch (t.kind()) {
            case PARTITION -> resolve(t.inputs().get(0), t.partitioning(), t.keySelector(), sideOutput, out);
            case SIDE_OUTPUT -> resolve(t.inputs().get(0), partitioning, key, t.outputTag().getId(), out);
            case UNION -> {
                for (Transformation i : t.inputs()) {
                    resolve(i, partitioning, key, sideOutput, out);
                }
            }
            case SINK -> throw new IllegalArgumentException("a sink cannot be the input of '" + t.name() + "'");
            default -> out.add(new Input(t, partitioning, key, sideOutput));
        }
    }

    private static String groupOf(Transformation t, List<Input> in, Map<Transformation, String> known) {
        if (t.slotSharingGroup() != null) {
            return t.slotSharingGroup();
        }
        String inherited = null;
        for (Input i : in) {
            String g = known.get(i.from());
            if (inherited == null) {
                inherited = g;
            } else if (!inherited.equals(g)) {
                return "default";
            }
        }
        return inherited == null ? "default" : inherited;
    }

    /** 32 hex digits: from the uid if set, else from the node's position and name. */
    static String stableId(Transformation t) {
        return t.uid() != null ? stableIdOfUid(t.uid()) : hash("node:" + t.id() + ":" + t.name());
    }

    /** The id of an operator (and of the vertex it heads) with this uid. */
    public static String stableIdOfUid(String uid) {
        return hash("uid:" + uid);
    }

    private static String hash(String basis) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(basis.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
