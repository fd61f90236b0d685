package io.ebbflow.api.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RangesTest {

    @Test
    void partsAreContiguousNearlyEqualAndCoverTheRange() {
        List<long[]> parts = Ranges.split(0, 9, 3);
        assertThat(parts).extracting(p -> p[0] + ".." + p[1]).containsExactly("0..2", "3..5", "6..9");
    }

    @Test
    void worksAtTheEndsOfLongWithoutOverflow() {
        List<long[]> parts = Ranges.split(0, Long.MAX_VALUE, 2);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0)[0]).isZero();
        assertThat(parts.get(1)[0]).isEqualTo(parts.get(0)[1] + 1);
        assertThat(parts.get(1)[1]).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void moreSplitsThanNumbersLeavesOutEmptyOnesAndAnEmptyRangeHasNone() {
        assertThat(Ranges.split(5, 6, 4)).extracting(p -> p[0] + ".." + p[1]).containsExactly("5..5", "6..6");
        assertThat(Ranges.split(0, -1, 3)).isEmpty();
    }
}
