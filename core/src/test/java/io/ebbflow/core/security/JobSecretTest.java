package io.ebbflow.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JobSecretTest {

    @Test
    void aProofVerifiesOnlyForItsSecretPurposeAndSubject() {
        JobSecret secret = JobSecret.generate();
        JobSecret same = JobSecret.decode(secret.encoded());
        String proof = secret.proof("blob", "te-1");

        assertThat(same.verify("blob", "te-1", proof)).isTrue();
        assertThat(same.verify("blob", "te-2", proof)).isFalse();
        assertThat(same.verify("subscribe", "te-1", proof)).isFalse();
        assertThat(JobSecret.generate().verify("blob", "te-1", proof)).isFalse();
        assertThat(same.verify("blob", "te-1", null)).isFalse();
        assertThat(same.verify("blob", "te-1", proof.substring(1))).isFalse();
        assertThat(proof).doesNotContain(secret.encoded());
        assertThat(secret.toString()).doesNotContain(secret.encoded());
    }

    @Test
    void onlySixtyFourHexDigitsDecode() {
        assertThatThrownBy(() -> JobSecret.decode("abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobSecret.decode("z".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    }
}
