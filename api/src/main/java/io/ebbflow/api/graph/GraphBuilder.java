package io.ebbflow.api.graph;

import io.ebbflow.api.functions.KeySelector;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the nodes of one program's dataflow, numbering them in creation order. Used by the
 * environment and the stream classes; the setters of {@link Transformation} go through it so that
 * only the API changes nodes.
 */
public final class GraphBuilder {

    private final List<Transformation> nodes = new ArrayList<>();

    public Transformation add(Transformation.Kind kind, String name, List<Transformation> inputs, OperatorSpec spec,
            Partitioning partitioning, KeySelector<?, ?> keySelector) {
        Transformation t = new Transformation(nodes.size() + 1, kind, name, inputs, spec, partitioning, keySelector);
        nodes.add(t);
        return t;
    }

    /**
     * A node reading the side output {@code tag} of the operator {@code of}. A tag id used on the same
     * operator with another element type is refused, naming the operator.
     */
    public Transformation addSideOutput(Transformation of, io.ebbflow.api.util.OutputTag<?> tag) {
        if (of.kind() != Transformation.Kind.OPERATOR) {
            throw new IllegalArgumentException("side output '" + tag.getId() + "': '" + of.name()
                    + "' is not an operator with side outputs");
        }
        for (Transformation t : nodes) {
            if (t.kind() == Transformation.Kind.SIDE_OUTPUT && t.inputs().get(0) == of && t.outputTag().equals(tag)
                    && t.outputTag().getTypeClass() != null && tag.getTypeClass() != null
                    && !t.outputTag().getTypeClass().equals(tag.getTypeClass())) {
                throw new IllegalArgumentException("side output '" + tag.getId() + "' of operator '" + of.name()
                        + "' is read as " + tag.getTypeClass().getName() + " but was already read as "
                        + t.outputTag().getTypeClass().getName() + ": one tag id, one type");
            }
        }
        Transformation t = add(Transformation.Kind.SIDE_OUTPUT, "Side Output(" + tag.getId() + ")", List.of(of), null,
                null, null);
        t.setOutputTag(tag);
        return t;
    }

    public List<Transformation> nodes() {
        return nodes;
    }

    public static void setName(Transformation t, String name) {
        t.setName(name);
    }

    public static void setUid(Transformation t, String uid) {
        t.setUid(uid);
    }

    public static void setParallelism(Transformation t, int p) {
        t.setParallelism(p);
    }

    public static void setMaxParallelism(Transformation t, int p) {
        t.setMaxParallelism(p);
    }

    public static void setSlotSharingGroup(Transformation t, String g) {
        t.setSlotSharingGroup(g);
    }

    public static void disableChaining(Transformation t) {
        t.disableChaining();
    }

    public static void startNewChain(Transformation t) {
        t.startNewChain();
    }
}
