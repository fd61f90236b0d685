package io.ebbflow.e2e.chaos;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The chaos suite's disk fault: one byte flipped in the largest state file of a job's newest completed checkpoint
 * (same size, so only the checksum can tell).
 */
final class CheckpointCorruption {

    /** What was corrupted, or why nothing could be. */
    record Outcome(Path file, String problem) {
    }

    private CheckpointCorruption() {
    }

    static Outcome flipAByteOfTheNewest(Path jobCheckpoints) throws IOException {
        Path newest;
        try (Stream<Path> chks = Files.list(jobCheckpoints)) {
            newest = chks.filter(p -> Files.exists(p.resolve("_metadata")))
                    .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(4))))
                    .orElse(null);
        }
        if (newest == null) {
            return new Outcome(null, "no completed checkpoint to corrupt");
        }
        Path file;
        try (Stream<Path> files = Files.list(newest)) {
            file = files.filter(p -> p.toString().endsWith(".state")).max(Comparator.comparingLong(p -> p.toFile().length()))
                    .orElse(null);
        }
        if (file == null) {
            return new Outcome(null, "the newest checkpoint " + newest + " has no state file to corrupt");
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(8);
            int b = raf.read();
            raf.seek(8);
            raf.write(b ^ 0x5A);
        }
        return new Outcome(file, null);
    }
}
