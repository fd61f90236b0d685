package io.ebbflow.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The test vectors of spec §5, computed with Flink's own functions. */
class KeyGroupsTest {

    @ParameterizedTest(name = "int {0}")
    @CsvSource({
        "0, 593689054, 94, 31198", "1, 68075478, 86, 16342", "2, 1085422463, 127, 15231", "42, 1134849565, 29, 28189",
        "-1, 1982413648, 80, 15184", "2147483647, 1653689534, 62, 19646", "-2147483648, 1718298732, 108, 10348"
    })
    void integersMatchFlink(int key, int murmur, int kg128, int kg32768) {
        assertThat(KeyGroups.murmurHash(Integer.hashCode(key))).isEqualTo(murmur);
        assertThat(KeyGroups.assignToKeyGroup(key, 128)).isEqualTo(kg128);
        assertThat(KeyGroups.assignToKeyGroup(key, 32768)).isEqualTo(kg32768);
    }

    @Test
    void stringsAndLongsMatchFlink() {
        assertThat(KeyGroups.murmurHash("a".hashCode())).isEqualTo(1455541201);
        assertThat(KeyGroups.assignToKeyGroup("a", 128)).isEqualTo(81);
        assertThat(KeyGroups.murmurHash("hello".hashCode())).isEqualTo(1715862179);
        assertThat(KeyGroups.assignToKeyGroup("hello", 128)).isEqualTo(35);
        assertThat(KeyGroups.operatorIndexForKey("hello", 128, 3)).isZero();
        assertThat(KeyGroups.murmurHash("user-42".hashCode())).isEqualTo(1600933524);
        assertThat(KeyGroups.assignToKeyGroup("user-42", 128)).isEqualTo(20);
        assertThat(KeyGroups.assignToKeyGroup((1L << 40) + 7, 128)).isEqualTo(23);
    }

    @Test
    void rangesMatchTheSpecExamples() {
        assertThat(KeyGroups.rangeForOperator(128, 3, 0)).isEqualTo(new KeyGroupRange(0, 42));
        assertThat(KeyGroups.rangeForOperator(128, 3, 1)).isEqualTo(new KeyGroupRange(43, 85));
        assertThat(KeyGroups.rangeForOperator(128, 3, 2)).isEqualTo(new KeyGroupRange(86, 127));
        assertThat(KeyGroups.rangeForOperator(10, 4, 0)).isEqualTo(new KeyGroupRange(0, 2));
        assertThat(KeyGroups.rangeForOperator(10, 4, 1)).isEqualTo(new KeyGroupRange(3, 4));
        assertThat(KeyGroups.rangeForOperator(10, 4, 2)).isEqualTo(new KeyGroupRange(5, 7));
        assertThat(KeyGroups.rangeForOperator(10, 4, 3)).isEqualTo(new KeyGroupRange(8, 9));
    }

    /**
     * Corner cases (the bounds; as many subtasks as key groups), then 300 seeded random pairs: maxP in
     * [1, 4096], pSeed in [1, 300].
     */
    static Stream<Arguments> maxParallelismAndParallelismSeed() {
        Random random = new Random(20_240_611L);
        Stream<Arguments> bounds = Stream.of(Arguments.of(1, 1), Arguments.of(1, 300), Arguments.of(4096, 1),
                Arguments.of(4096, 300), Arguments.of(128, 128));
        return Stream.concat(bounds, IntStream.range(0, 300)
                .mapToObj(i -> Arguments.of(random.nextInt(1, 4097), random.nextInt(1, 301))));
    }

    @ParameterizedTest(name = "maxP={0}, pSeed={1}")
    @MethodSource("maxParallelismAndParallelismSeed")
    void rangesPartitionTheKeyGroupsAndInvertTheAssignment(int maxP, int pSeed) {
        int p = 1 + (pSeed - 1) % maxP;
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < p; i++) {
            KeyGroupRange r = KeyGroups.rangeForOperator(maxP, p, i);
            for (int kg = r.start(); kg <= r.end(); kg++) {
                assertThat(seen.add(kg)).isTrue();
                assertThat(KeyGroups.operatorIndexForKeyGroup(maxP, p, kg)).isEqualTo(i);
            }
        }
        assertThat(seen).hasSize(maxP);
    }
}
