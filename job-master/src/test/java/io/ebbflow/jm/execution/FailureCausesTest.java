package io.ebbflow.jm.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebbflow.core.util.StackTraces;
import io.ebbflow.runtime.checkpoint.StateFiles;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** A failure is recognised as corrupt checkpointed state by the exception in its trace, not by words in a message. */
class FailureCausesTest {

    @Test
    void corruptStateThrownOrAsACauseIsRecognised() {
        StateFiles.CorruptStateException corrupt = new StateFiles.CorruptStateException("key group 3 in chk-2/a has trailing bytes");
        assertThat(FailureCauses.isCorruptState(StackTraces.of(corrupt))).isTrue();
        assertThat(FailureCauses.isCorruptState(StackTraces.of(new UncheckedIOException("restore failed", corrupt))))
                .isTrue();
        RuntimeException suppressing = new RuntimeException("closing failed");
        suppressing.addSuppressed(corrupt);
        assertThat(FailureCauses.isCorruptState(StackTraces.of(suppressing))).isTrue();
    }

    @Test
    void otherFailuresAreNotEvenWhenTheyMentionIt() {
        assertThat(FailureCauses.isCorruptState(StackTraces.of(
                new IllegalStateException("user code logged CorruptStateException")))).isFalse();
        assertThat(FailureCauses.isCorruptState(StackTraces.of(new ArithmeticException("/ by zero")))).isFalse();
        assertThat(FailureCauses.isCorruptState(null)).isFalse();
    }
}
