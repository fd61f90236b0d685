package io.ebbflow.runtime.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** What an {@code ExactlyOnceFileSink} committed to a directory: how often each line is in its committed files. */
public final class CommittedFiles {

    private CommittedFiles() {
    }

    /** Each line of the committed files ({@code part-*}; not in-progress or rolled-back ones) with its count. */
    public static Map<String, Integer> lineCounts(Path dir) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    lines.merge(line, 1, Integer::sum);
                }
            }
        }
        return lines;
    }
}
