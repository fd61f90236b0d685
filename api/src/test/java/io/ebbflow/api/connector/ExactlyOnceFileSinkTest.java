package io.ebbflow.api.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.api.functions.CheckpointedFunction;
import io.ebbflow.api.functions.RuntimeContext;
import io.ebbflow.api.state.ListState;
import io.ebbflow.api.state.ListStateDescriptor;
import io.ebbflow.api.state.OperatorStateStore;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExactlyOnceFileSinkTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "part-7-0-abc.txt, 6, true",
        "part-7-0-abc.txt, 7, false",
        "part-12-3-x.txt, 9, true",
        "part-end-1-x.txt, 100, true",
        "part-5-end-1-x.txt, 4, true",
        "part-5-end-1-x.txt, 5, false",
        ".part-0-x.inprogress, 1, false",
        "part-x.txt, 1, false",
        "notes.txt, 1, false"})
    void aCommittedFileBelongsToTheCheckpointInItsName(String name, long restored, boolean after) {
        assertThat(ExactlyOnceFileSink.committedAfter(name, restored)).isEqualTo(after);
    }

    @Test
    void restoringAnOlderCheckpointMovesLaterCommittedFilesAsideAndKeepsThem() throws Exception {
        Files.writeString(dir.resolve("part-3-0-a.txt"), "k,300\n");
        Files.writeString(dir.resolve("part-4-0-b.txt"), "k,400\n");
        Files.writeString(dir.resolve("part-5-1-c.txt"), "k,500\n");

        new ExactlyOnceFileSink<String>(dir.toString()).initializeState(restoredFrom(4));

        assertThat(names(dir)).containsExactlyInAnyOrder("part-3-0-a.txt", "part-4-0-b.txt", ".rolled-back");
        assertThat(names(dir.resolve(".rolled-back"))).containsExactly("part-5-1-c.txt");
        assertThat(dir.resolve(".rolled-back/part-5-1-c.txt")).hasContent("k,500");
    }

    @Test
    void restoringTheNewestCheckpointMovesNothing() throws Exception {
        Files.writeString(dir.resolve("part-3-0-a.txt"), "k,300\n");
        new ExactlyOnceFileSink<String>(dir.toString()).initializeState(restoredFrom(3));
        assertThat(names(dir)).containsExactly("part-3-0-a.txt");
    }

    /**
     * A rescaled job restored checkpoint 4 (deployment d2): subtask 0 finished and committed its last file before
     * subtask 1 was initialized. Subtask 1 moves aside what the replaced deployment d1 committed after checkpoint 4,
     * not its sibling's file.
     */
    @Test
    void aSiblingsLastFileOfTheRestoringDeploymentIsNotMovedAside() throws Exception {
        Files.writeString(dir.resolve("part-4-0-d1-0.txt"), "a\n");
        Files.writeString(dir.resolve("part-5-end-0-d1-1.txt"), "b\n");
        ExactlyOnceFileSink<String> first = new ExactlyOnceFileSink<>(dir.toString());
        first.initializeState(restoredFrom(4, "d2"));
        first.setRuntimeContext(subtask(0));
        first.invoke("b");
        first.finish();
        List<String> written = new ArrayList<>(names(dir));
        written.removeAll(List.of("part-4-0-d1-0.txt", ".rolled-back"));
        assertThat(written).singleElement().asString().startsWith("part-5-end-0-");

        new ExactlyOnceFileSink<String>(dir.toString()).initializeState(restoredFrom(4, "d2"));

        assertThat(names(dir)).containsExactlyInAnyOrder("part-4-0-d1-0.txt", written.get(0), ".rolled-back");
        assertThat(names(dir.resolve(".rolled-back"))).containsExactly("part-5-end-0-d1-1.txt");
        assertThat(dir.resolve(written.get(0))).hasContent("b");
    }

    private static RuntimeContext subtask(int index) {
        return (RuntimeContext) Proxy.newProxyInstance(RuntimeContext.class.getClassLoader(),
                new Class<?>[] {RuntimeContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getIndexOfThisSubtask")) {
                        return index;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static List<String> names(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static CheckpointedFunction.InitializationContext restoredFrom(long id) {
        return restoredFrom(id, "");
    }

    private static CheckpointedFunction.InitializationContext restoredFrom(long id, String deployment) {
        return new CheckpointedFunction.InitializationContext() {
            @Override
            public String getDeploymentId() {
                return deployment;
            }

            @Override
            public boolean isRestored() {
                return true;
            }

            @Override
            public OptionalLong getRestoredCheckpointId() {
                return OptionalLong.of(id);
            }

            @Override
            public OperatorStateStore getOperatorStateStore() {
                return new OperatorStateStore() {
                    @Override
                    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
                        return new ListState<>() {
                            private final List<T> items = new ArrayList<>();

                            @Override
                            public Iterable<T> get() {
                                return items;
                            }

                            @Override
                            public void add(T value) {
                                items.add(value);
                            }

                            @Override
                            public void addAll(List<T> values) {
                                items.addAll(values);
                            }

                            @Override
                            public void update(List<T> values) {
                                items.clear();
                                items.addAll(values);
                            }

                            @Override
                            public void clear() {
                                items.clear();
                            }
                        };
                    }

                    @Override
                    public <T> ListState<T> getUnionListState(ListStateDescriptor<T> descriptor) {
                        return getListState(descriptor);
                    }
                };
            }
        };
    }
}
