package io.ebbflow.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.core.config.ConfigException;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.RestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestTokenTest {

    @TempDir
    Path dir;

    private Configuration withFile(Path file) {
        return Configuration.builder().set(RestOptions.AUTH_TOKEN_FILE, file.toString()).build();
    }

    @Test
    void withoutATokenOneIsCreatedInAFileOnlyItsOwnerMayReadAndKeptAcrossStarts() throws Exception {
        Path file = dir.resolve("sub/rest-token");

        RestToken.Resolved first = RestToken.resolve(withFile(file));
        RestToken.Resolved second = RestToken.resolve(withFile(file));

        assertThat(first.token()).hasSize(64).isEqualTo(second.token());
        assertThat(Files.readString(file).trim()).isEqualTo(first.token());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.origin()).contains(file.toString()).doesNotContain(first.token());
        assertThat(first.toString()).doesNotContain(first.token());
    }

    @Test
    void aTokenFileOthersMayReadIsRefused() throws Exception {
        Path file = dir.resolve("rest-token");
        Files.writeString(file, "guessable\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> RestToken.resolve(withFile(file))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("rest.auth.token-file").hasMessageContaining("chmod 600")
                .hasMessageNotContaining("guessable");
    }

    @Test
    void aConfiguredTokenWinsAndNoFileIsWritten() {
        Path file = dir.resolve("rest-token");
        RestToken.Resolved t = RestToken.resolve(withFile(file).with(RestOptions.AUTH_TOKEN, "s3cret"));

        assertThat(t.token()).isEqualTo("s3cret");
        assertThat(t.origin()).isEqualTo("'rest.auth.token'");
        assertThat(file).doesNotExist();
    }
}
