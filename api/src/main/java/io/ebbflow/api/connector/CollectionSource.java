package io.ebbflow.api.connector;

import java.util.ArrayList;
import java.util.List;

/**
 * The elements of a collection, in order, once. Runs at parallelism 1 (like Flink's
 * {@code fromCollection}), so the order is kept.
 */
public final class CollectionSource<T> implements Source<T, CollectionSource.Split<T>> {

    private final List<T> elements;

    public CollectionSource(java.util.Collection<T> elements) {
        this.elements = new ArrayList<>(elements);
    }

    /** The elements and the position of the next one. */
    public record Split<T>(String splitId, List<T> elements, int next) implements SourceSplit {
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public List<Split<T>> createSplits(int parallelism) {
        return List.of(new Split<>("collection", elements, 0));
    }

    @Override
    public int maxParallelism() {
        return 1;
    }

    @Override
    public SourceReader<T, Split<T>> createReader(SourceReaderContext context) {
        return new SourceReader<>() {
            private final java.util.ArrayDeque<Split<T>> splits = new java.util.ArrayDeque<>();
            private int next;

            @Override
            public void addSplits(List<Split<T>> added) {
                splits.addAll(added);
                if (!splits.isEmpty()) {
                    next = splits.peek().next();
                }
            }

            @Override
            public InputStatus pollNext(ReaderOutput<T> output) {
                Split<T> s = splits.peek();
                if (s == null) {
                    return InputStatus.END_OF_INPUT;
                }
                for (int i = 0; i < 1024 && next < s.elements().size(); i++) {
                    output.collect(s.elements().get(next++));
                }
                if (next >= s.elements().size()) {
                    splits.poll();
                    next = splits.isEmpty() ? 0 : splits.peek().next();
                }
                return splits.isEmpty() ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
            }

            @Override
            public List<Split<T>> snapshotState() {
                Split<T> s = splits.peek();
                return s == null ? List.of() : List.of(new Split<>(s.splitId(), s.elements(), next));
            }
        };
    }
}
