package io.ebbflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParallelismTest {

    @ParameterizedTest(name = "p={0} -> max {1}")
    @CsvSource({
        "-1, 128", "0, 128", "1, 128", "85, 128", "86, 256", "100, 256", "128, 256",
        "1000, 2048", "10923, 16384", "10924, 32768", "32768, 32768"
    })
    void defaultMaxParallelismFollowsTheSpecExamples(int parallelism, int expected) {
        assertThat(Parallelism.defaultMaxParallelism(parallelism)).isEqualTo(expected);
    }

    @Test
    void boundsThatHoldAreAccepted() {
        assertThatCode(() -> Parallelism.checkBounds("v", 1, 1, 1)).doesNotThrowAnyException();
        assertThatCode(() -> Parallelism.checkBounds("v", 1, 4, 128)).doesNotThrowAnyException();
        assertThatCode(() -> Parallelism.checkBounds("v", 32768, 32768, 32768)).doesNotThrowAnyException();
    }

    @Test
    void eachBrokenBoundIsNamed() {
        assertThatThrownBy(() -> Parallelism.checkBounds("vertex 'map'", 0, 1, 1))
                .hasMessageContaining("vertex 'map'").hasMessageContaining("min parallelism must be at least 1");
        assertThatThrownBy(() -> Parallelism.checkBounds("v", 3, 2, 8))
                .hasMessageContaining("target parallelism 2 is below min parallelism 3");
        assertThatThrownBy(() -> Parallelism.checkBounds("v", 1, 9, 8))
                .hasMessageContaining("max parallelism 8 is below target parallelism 9");
        assertThatThrownBy(() -> Parallelism.checkBounds("v", 1, 1, 40000))
                .hasMessageContaining("exceeds the upper bound 32768");
    }
}
