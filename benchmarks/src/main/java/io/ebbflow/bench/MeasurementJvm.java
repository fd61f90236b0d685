package io.ebbflow.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one measurement in a JVM of its own and reads its {@code RESULT key=value ...} line (echoed);
 * the rest of its output is kept only to explain a run that printed no result.
 */
final class MeasurementJvm {

    private MeasurementJvm() {
    }

    /**
     * The class path of the Flink side ({@code benchmarks-flink}'s jar and its dependencies), or null after
     * telling the user to build first.
     */
    static String flinkClasspath(Path home) throws IOException {
        Path benchmarksJar = home.resolve("benchmarks/target/benchmarks.jar");
        Path flinkDir = home.resolve("benchmarks-flink/target");
        Path classpathFile = flinkDir.resolve("classpath.txt");
        if (!java.nio.file.Files.exists(benchmarksJar) || !java.nio.file.Files.exists(classpathFile)) {
            System.err.println("Run 'mvn package -DskipTests' first, from the repository root (missing "
                    + (java.nio.file.Files.exists(benchmarksJar) ? classpathFile : benchmarksJar) + ").");
            return null;
        }
        Path flinkJar;
        try (var files = java.nio.file.Files.list(flinkDir)) {
            flinkJar = files.filter(p -> p.getFileName().toString().matches("ebbflow-benchmarks-flink-.*\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("benchmarks-flink jar not built"));
        }
        return flinkJar + java.io.File.pathSeparator + java.nio.file.Files.readString(classpathFile).trim();
    }

    static Map<String, String> run(List<String> command, Path home, long timeoutSeconds) throws IOException,
            InterruptedException {
        Process process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
        String result = null;
        StringBuilder tail = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                    System.out.println(line);
                } else {
                    tail.append(line).append('\n');
                    if (tail.length() > 20_000) {
                        tail.delete(0, tail.length() - 10_000);
                    }
                }
            }
        } finally {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (result == null) {
            throw new IllegalStateException("no RESULT from " + String.join(" ", command.subList(0, Math.min(8, command.size())))
                    + " ...; its output ended with:\n" + tail);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String kv : result.substring("RESULT ".length()).split(" ")) {
            int eq = kv.indexOf('=');
            fields.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return fields;
    }
}
