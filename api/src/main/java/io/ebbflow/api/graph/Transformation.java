package io.ebbflow.api.graph;

import io.ebbflow.api.Parallelism;
import io.ebbflow.api.functions.KeySelector;
import java.util.List;

/**
 * A node of the dataflow as the program builds it. Sources have no inputs; a partition node changes
 * how records reach the next operator; a union merges streams; every other node runs an operator.
 */
public final class Transformation {

    /** Kinds of node. A SIDE_OUTPUT node reads one side output ({@link #outputTag()}) of its input operator. */
    public enum Kind { SOURCE, OPERATOR, PARTITION, UNION, SINK, SIDE_OUTPUT }

    private final int id;
    private final Kind kind;
    private final List<Transformation> inputs;
    private final OperatorSpec spec;
    private final Partitioning partitioning;
    private final KeySelector<?, ?> keySelector;
    private String name;
    private String uid;
    private int parallelism = -1;
    private int maxParallelism = -1;
    private String slotSharingGroup;
    private boolean chainingDisabled;
    private boolean startsNewChain;
    private io.ebbflow.api.util.OutputTag<?> outputTag;

    Transformation(int id, Kind kind, String name, List<Transformation> inputs, OperatorSpec spec,
            Partitioning partitioning, KeySelector<?, ?> keySelector) {
        this.id = id;
        this.kind = kind;
        this.name = name;
        this.inputs = List.copyOf(inputs);
        this.spec = spec;
        this.partitioning = partitioning;
        this.keySelector = keySelector;
    }

    public int id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public List<Transformation> inputs() {
        return inputs;
    }

    /** The operator, for SOURCE, OPERATOR and SINK nodes. */
    public OperatorSpec spec() {
        return spec;
    }

    /** For PARTITION nodes. */
    public Partitioning partitioning() {
        return partitioning;
    }

    /**
     * For PARTITION nodes with HASH partitioning, the key; for keyed OPERATOR and SINK nodes, the key of
     * their (keyed) input.
     */
    public KeySelector<?, ?> keySelector() {
        return keySelector;
    }

    /** For SIDE_OUTPUT nodes: the side output of the input operator this node reads. */
    public io.ebbflow.api.util.OutputTag<?> outputTag() {
        return outputTag;
    }

    void setOutputTag(io.ebbflow.api.util.OutputTag<?> tag) {
        this.outputTag = tag;
    }

    public String name() {
        return name;
    }

    public String uid() {
        return uid;
    }

    /** The explicitly set parallelism, or -1. */
    public int parallelism() {
        return parallelism;
    }

    /** The explicitly set max parallelism, or -1. */
    public int maxParallelism() {
        return maxParallelism;
    }

    /** The explicitly set slot-sharing group, or null (inherit from inputs, else "default"). */
    public String slotSharingGroup() {
        return slotSharingGroup;
    }

    public boolean chainingDisabled() {
        return chainingDisabled;
    }

    public boolean startsNewChain() {
        return startsNewChain;
    }

    void setName(String name) {
        this.name = requireText(name, "name");
    }

    void setUid(String uid) {
        this.uid = requireText(uid, "uid");
    }

    void setParallelism(int parallelism) {
        if (parallelism < 1 || parallelism > Parallelism.UPPER_BOUND) {
            throw new IllegalArgumentException("parallelism of '" + name + "' must be in [1, " + Parallelism.UPPER_BOUND
                    + "], got " + parallelism);
        }
        if (maxParallelism > 0 && parallelism > maxParallelism) {
            throw new IllegalArgumentException("parallelism " + parallelism + " of '" + name
                    + "' is above its max parallelism " + maxParallelism);
        }
        this.parallelism = parallelism;
    }

    void setMaxParallelism(int maxParallelism) {
        if (maxParallelism < 1 || maxParallelism > Parallelism.UPPER_BOUND) {
            throw new IllegalArgumentException("max parallelism of '" + name + "' must be in [1, " + Parallelism.UPPER_BOUND
                    + "], got " + maxParallelism);
        }
        if (parallelism > 0 && parallelism > maxParallelism) {
            throw new IllegalArgumentException("max parallelism " + maxParallelism + " of '" + name
                    + "' is below its parallelism " + parallelism);
        }
        this.maxParallelism = maxParallelism;
    }

    void setSlotSharingGroup(String group) {
        this.slotSharingGroup = requireText(group, "slot-sharing group");
    }

    void disableChaining() {
        this.chainingDisabled = true;
    }

    void startNewChain() {
        this.startsNewChain = true;
    }

    private static String requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return s;
    }

    @Override
    public String toString() {
        return kind + "#" + id + "(" + name + ")";
    }
}
