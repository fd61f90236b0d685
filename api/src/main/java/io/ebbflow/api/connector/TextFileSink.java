package io.ebbflow.api.connector;

import io.ebbflow.api.functions.RichSinkFunction;
import io.ebbflow.api.functions.RuntimeContext;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes each record's {@code toString()} as a line into {@code <directory>/part-<subtask>.txt}
 * (UTF-8). The file is replaced when the subtask starts and flushed when it ends. This sink writes as
 * records arrive; it does not coordinate with checkpoints.
 */
public class TextFileSink<T> extends RichSinkFunction<T> {

    private final String directory;
    private transient BufferedWriter writer;

    public TextFileSink(String directory) {
        this.directory = directory;
    }

    @Override
    public void open(RuntimeContext context) throws Exception {
        super.open(context);
        Path dir = Path.of(directory);
        Files.createDirectories(dir);
        Path file = dir.resolve("part-" + context.getIndexOfThisSubtask() + ".txt");
        writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    @Override
    public void invoke(T value) throws IOException {
        writer.write(String.valueOf(value));
        writer.newLine();
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }
}
