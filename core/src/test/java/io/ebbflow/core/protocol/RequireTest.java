package io.ebbflow.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ids become addresses, paths and file names: only a safe alphabet, never a way out of a directory. */
class RequireTest {

    @ParameterizedTest
    @ValueSource(strings = {"job-1", "example-job", "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "te.local_2", "a"})
    void idsOfLettersDigitsDotsDashesAndUnderscoresAreAccepted(String id) {
        assertThat(Require.id(id, "jobId")).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", ".hidden", "-x", "_x", "a/b", "../etc", "../x", "/abs", "a b", "", "é", "ünï",
        "a\u0000b", "\u0000", "a\n", "\uFF0E\uFF0E", "a\\b"})
    void idsThatCouldLeaveTheirDirectoryOrAreNotPlainAreRefusedByName(String id) {
        assertThatThrownBy(() -> Require.id(id, "--job-id")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field '--job-id' must be 1-128 letters, digits")
                .hasMessageContaining("starting with a letter or digit");
    }

    @Test
    void idsAreAtMost128Characters() {
        assertThat(Require.id("a".repeat(128), "id")).hasSize(128);
        assertThatThrownBy(() -> Require.id("a".repeat(129), "id")).isInstanceOf(IllegalArgumentException.class);
    }
}
