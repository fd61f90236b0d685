package io.ebbflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/configuration.md} true to the declarations. Regenerate with
 * {@code mvn -pl core test -Dtest=ConfigDocsTest -Debbflow.docs.regenerate=true}.
 */
class ConfigDocsTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void everyOptionHasADescription() {
        for (ConfigOption<?> o : AllOptions.list()) {
            assertThat(o.description()).as("description of %s", o.key()).isNotBlank().endsWith(".");
        }
    }

    @Test
    void noKeyIsDeclaredTwiceAsKeyOrFallback() {
        Set<String> seen = new HashSet<>();
        for (ConfigOption<?> o : AllOptions.list()) {
            assertThat(seen.add(o.key())).as("key %s declared once", o.key()).isTrue();
            for (String f : o.fallbackKeys()) {
                assertThat(seen.add(f)).as("fallback key %s declared once", f).isTrue();
            }
        }
        // The loader refuses duplicates too.
        ConfigLoader.forAllOptions();
    }

    @Test
    void committedReferenceMatchesTheDeclarations() throws IOException {
        String expected = ConfigDocs.render();
        if (Boolean.getBoolean("ebbflow.docs.regenerate")) {
            Files.createDirectories(DOC.getParent());
            Files.writeString(DOC, expected);
        }
        assertThat(DOC).as("docs/configuration.md exists").exists();
        assertThat(Files.readString(DOC))
                .as("docs/configuration.md is stale: run mvn -pl core test -Dtest=ConfigDocsTest -Debbflow.docs.regenerate=true")
                .isEqualTo(expected);
    }
}
