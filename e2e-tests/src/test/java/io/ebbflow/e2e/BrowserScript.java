package io.ebbflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A script of {@code src/test/browser} that drives the dashboard in headless Chromium (playwright-core), run with
 * node. CI installs Chromium ({@code .ci/run}) and sets {@code EBBFLOW_BROWSER_TESTS=required}: then a missing
 * Chromium fails the test; elsewhere the browser part is left out where Chromium is not installed.
 */
public final class BrowserScript {

    private BrowserScript() {
    }

    /** The Chromium to drive ({@code EBBFLOW_CHROMIUM}, else /usr/bin/chromium); empty if absent and not required. */
    public static Optional<Path> chromium() {
        Path chromium = Path.of(System.getenv().getOrDefault("EBBFLOW_CHROMIUM", "/usr/bin/chromium"));
        if (Files.isExecutable(chromium)) {
            return Optional.of(chromium);
        }
        assertThat("required".equals(System.getenv("EBBFLOW_BROWSER_TESTS")))
                .as("EBBFLOW_BROWSER_TESTS=required but there is no Chromium at %s", chromium).isFalse();
        return Optional.empty();
    }

    /** Where the scripts save their screenshots: {@code target/browser-screenshots}. */
    public static Path screenshots() {
        return Path.of(System.getProperty("ebbflow.e2e.logs", "target/e2e-logs")).toAbsolutePath()
                .resolveSibling("browser-screenshots");
    }

    /** Starts {@code node <script> <args...>} in the cluster's {@code e2e-tests/src/test/browser}, output merged. */
    public static Process start(LocalCluster cluster, String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(cluster.home().resolve("e2e-tests/src/test/browser").toFile())
                .redirectErrorStream(true).start();
    }
}
