package io.ebbflow.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @Property(tries = 300)
    void rangesPartitionTheKeyGroupsAndInvertTheAssignment(@ForAll @IntRange(min = 1, max = 4096) int maxP,
            @ForAll @IntRange(min = 1, max = 300) int pSeed) {
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
