package io.ebbflow.api.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every built-in source resumes from a snapshot of its reader (as after a checkpoint): what was read
 * before the snapshot plus what a new reader reads from it is the whole input, each record once, also
 * when the snapshot's splits are dealt to a different number of readers.
 */
class SourceReplayTest {

    private static final SourceReaderContext CONTEXT = new SourceReaderContext() {
        @Override
        public int subtaskIndex() {
            return 0;
        }

        @Override
        public int parallelism() {
            return 1;
        }

        @Override
        public long currentProcessingTimeMillis() {
            return 0;
        }
    };

    private static <T, S extends SourceSplit> List<T> readAll(Source<T, S> source, List<S> splits) throws Exception {
        List<T> out = new ArrayList<>();
        try (SourceReader<T, S> reader = source.createReader(CONTEXT)) {
            reader.addSplits(splits);
            while (reader.pollNext(sink(out)) != InputStatus.END_OF_INPUT) {
                // keep reading
            }
        }
        return out;
    }

    private static <T> ReaderOutput<T> sink(List<T> out) {
        return new ReaderOutput<>() {
            @Override
            public void collect(T record) {
                out.add(record);
            }

            @Override
            public void collect(T record, long timestamp) {
                out.add(record);
            }
        };
    }

    /** Reads {@code polls} batches, snapshots, and reads the rest with {@code restoreReaders} new readers. */
    private static <T, S extends SourceSplit> void assertResumesExactly(Source<T, S> source, int polls, int restoreReaders)
            throws Exception {
        List<S> splits = source.createSplits(3);
        List<T> expected = readAll(source, splits);
        List<T> got = new ArrayList<>();
        List<S> snapshot;
        try (SourceReader<T, S> reader = source.createReader(CONTEXT)) {
            reader.addSplits(splits);
            for (int i = 0; i < polls; i++) {
                reader.pollNext(sink(got));
            }
            snapshot = reader.snapshotState();
        }
        for (int r = 0; r < restoreReaders; r++) {
            List<S> share = new ArrayList<>();
            for (int k = r; k < snapshot.size(); k += restoreReaders) {
                share.add(snapshot.get(k));
            }
            got.addAll(readAll(source, share));
        }
        assertThat(got).hasSameSizeAs(expected).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void sequenceSourceResumesFromItsPositions() throws Exception {
        assertResumesExactly(new SequenceSource(1, 10_000), 3, 1);
        assertResumesExactly(new SequenceSource(1, 10_000), 5, 2);
    }

    @Test
    void generatorSourceResumesFromItsPositions() throws Exception {
        assertResumesExactly(GeneratorSource.of(i -> "record-" + i, 7_777, 0), 2, 1);
        assertResumesExactly(GeneratorSource.of(i -> "record-" + i, 7_777, 0), 4, 3);
    }

    @Test
    void collectionSourceResumesFromItsPosition() throws Exception {
        List<Integer> elements = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            elements.add(i);
        }
        assertResumesExactly(new CollectionSource<>(elements), 2, 1);
    }

    @Test
    void textFileSourceResumesFromSplitAndOffset(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            lines.add("line " + i + " " + "x".repeat(i % 17));
        }
        Files.write(dir.resolve("a.txt"), lines.subList(0, 1_700));
        Files.write(dir.resolve("b.txt"), lines.subList(1_700, 3_000));
        assertResumesExactly(new TextFileSource(dir.toString(), 4_096), 1, 1);
        assertResumesExactly(new TextFileSource(dir.toString(), 4_096), 2, 3);
        assertThat(readAll(new TextFileSource(dir.toString(), 4_096), new TextFileSource(dir.toString(), 4_096)
                .createSplits(3))).containsExactlyInAnyOrderElementsOf(lines);
    }
}
