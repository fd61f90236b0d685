package io.ebbflow.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The lines a child process (a Node.js script) prints, collected as they come, on a daemon thread. */
public final class OutputLines {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private OutputLines(Process process, String name, Consumer<String> onLine) {
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                    onLine.accept(line);
                }
            } catch (IOException e) {
                lines.add("(reading the output of " + name + " failed: " + e + ")");
            }
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Follows the process's standard output (redirect its standard error there to have both). */
    public static OutputLines follow(Process process, String name) {
        return follow(process, name, line -> { });
    }

    /** As {@link #follow(Process, String)}, calling {@code onLine} for each line too. */
    public static OutputLines follow(Process process, String name, Consumer<String> onLine) {
        return new OutputLines(process, name, onLine);
    }

    public List<String> lines() {
        return lines;
    }

    /** Whether some line contains {@code text}. */
    public boolean any(String text) {
        return lines.stream().anyMatch(l -> l.contains(text));
    }

    /** Everything so far, one line after the other. */
    public String text() {
        return String.join("\n", lines);
    }

    /** Waits (at most {@code d}) until the process closed its output and every line is read. */
    public void awaitEnd(Duration d) throws InterruptedException {
        reader.join(d.toMillis());
    }
}
