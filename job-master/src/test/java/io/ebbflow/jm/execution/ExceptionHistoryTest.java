package io.ebbflow.jm.execution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExceptionHistoryTest {

    @Test
    void keepsTheNewestHundredFailuresNewestFirstWhoeverAddsThem() {
        ExceptionHistory history = new ExceptionHistory();
        for (int i = 0; i < 150; i++) {
            history.add(i, "failure " + i);
        }
        assertThat(history.newestFirst()).hasSize(ExceptionHistory.MAX);
        assertThat(history.newestFirst().get(0).exception()).isEqualTo("failure 149");
        assertThat(history.newestFirst().get(ExceptionHistory.MAX - 1).exception()).isEqualTo("failure 50");
        assertThat(history.newestFirst().get(0).taskName()).isNull();
    }
}
