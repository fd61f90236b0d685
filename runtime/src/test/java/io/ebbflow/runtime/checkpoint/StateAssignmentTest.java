package io.ebbflow.runtime.checkpoint;

import io.ebbflow.core.checkpoint.SubtaskSnapshot;
import io.ebbflow.core.checkpoint.OperatorSnapshot;
import io.ebbflow.core.checkpoint.KeyGroupOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.runtime.state.KeyGroupRange;
import io.ebbflow.runtime.state.KeyGroups;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Restore at any parallelism: every key group is read exactly once, every operator-state item dealt exactly once. */
class StateAssignmentTest {

    /** A checkpoint of one keyed operator (and its source-like list state) taken at {@code oldParallelism}. */
    private static CompletedCheckpoint checkpoint(int maxParallelism, int oldParallelism, int itemsPerSubtask) {
        List<SubtaskSnapshot> subtasks = new ArrayList<>();
        for (int i = 0; i < oldParallelism; i++) {
            KeyGroupRange r = KeyGroups.rangeForOperator(maxParallelism, oldParallelism, i);
            List<KeyGroupOffset> offsets = new ArrayList<>();
            for (int kg = r.start(); kg <= r.end(); kg++) {
                offsets.add(new KeyGroupOffset(kg, 8 + 100L * (kg - r.start()), 100, kg));
            }
            List<byte[]> items = new ArrayList<>();
            for (int j = 0; j < itemsPerSubtask; j++) {
                items.add(new byte[] {(byte) i, (byte) j});
            }
            subtasks.add(new SubtaskSnapshot("v", i, oldParallelism, "v-" + i + ".state", 0,
                    List.of(new OperatorSnapshot("op", maxParallelism, offsets, Map.of("splits", items),
                            Map.of("everywhere", List.of(new byte[] {(byte) i}))))));
        }
        return new CompletedCheckpoint(1, "job", 7, 0, 0, false, "/tmp/chk-7", Map.of("op", maxParallelism), subtasks, 0);
    }

    /**
     * Corner cases (the bounds; a parallelism above the max parallelism), then 300 seeded random cases:
     * max parallelism in [1, 300], old and new parallelism in [1, 40], items per old subtask in [0, 5].
     */
    static Stream<Arguments> rescales() {
        Random random = new Random(20_240_612L);
        Stream<Arguments> bounds = Stream.of(Arguments.of(1, 1, 1, 0), Arguments.of(1, 40, 40, 5),
                Arguments.of(300, 1, 40, 5), Arguments.of(300, 40, 1, 0), Arguments.of(300, 40, 40, 5),
                Arguments.of(7, 40, 3, 1));
        return Stream.concat(bounds, IntStream.range(0, 300).mapToObj(i -> Arguments.of(random.nextInt(1, 301),
                random.nextInt(1, 41), random.nextInt(1, 41), random.nextInt(0, 6))));
    }

    @ParameterizedTest(name = "maxParallelism={0}, oldP={1}, newP={2}, items={3}")
    @MethodSource("rescales")
    void everyKeyGroupAndItemGoesToExactlyOneNewSubtask(int maxParallelism, int oldP, int newP, int items) {
        oldP = Math.min(oldP, maxParallelism);
        newP = Math.min(newP, maxParallelism);
        CompletedCheckpoint cp = checkpoint(maxParallelism, oldP, items);
        Map<Integer, Integer> readsPerKeyGroup = new HashMap<>();
        Map<String, Integer> itemCounts = new HashMap<>();
        for (int i = 0; i < newP; i++) {
            KeyGroupRange range = KeyGroups.rangeForOperator(maxParallelism, newP, i);
            TaskRestore restore = StateAssignment.assign(cp, List.of("op"), range, i, newP);
            TaskRestore.OperatorRestore op = restore.operators().get("op");
            assertThat(op).isNotNull();
            for (TaskRestore.KeyGroupRead read : op.keyGroups()) {
                assertThat(range.contains(read.keyGroup())).isTrue();
                // The block comes from the old subtask that owned the key group.
                int oldOwner = KeyGroups.operatorIndexForKeyGroup(maxParallelism, oldP, read.keyGroup());
                assertThat(read.file()).endsWith("v-" + oldOwner + ".state");
                readsPerKeyGroup.merge(read.keyGroup(), 1, Integer::sum);
            }
            for (byte[] b : op.listStates().getOrDefault("splits", List.of())) {
                itemCounts.merge(b[0] + "/" + b[1], 1, Integer::sum);
            }
            assertThat(op.listStates().get(StateAssignment.UNION_PREFIX + "everywhere")).hasSize(oldP);
        }
        assertThat(readsPerKeyGroup).hasSize(maxParallelism);
        assertThat(readsPerKeyGroup.values()).allMatch(n -> n == 1);
        assertThat(itemCounts).hasSize(oldP * items);
        assertThat(itemCounts.values()).allMatch(n -> n == 1);
    }

    @Test
    void anotherMaxParallelismIsRefusedWithAClearMessage() {
        CompletedCheckpoint cp = checkpoint(128, 2, 1);
        assertThatThrownBy(() -> StateAssignment.validate(cp, Map.of("op", 256)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("max parallelism 128").hasMessageContaining("now has 256");
    }

    @Test
    void stateOfAnOperatorMissingFromTheJobIsRefused() {
        CompletedCheckpoint cp = checkpoint(128, 2, 1);
        assertThatThrownBy(() -> StateAssignment.validate(cp, Map.of("other", 128)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not in the job").hasMessageContaining("op");
    }
}
