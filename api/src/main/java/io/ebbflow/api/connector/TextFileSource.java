package io.ebbflow.api.connector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The lines of a text file, or of every regular file in a directory (UTF-8, newline-separated). Files
 * are cut into splits of {@code splitSize} bytes; a line belongs to the split in which it starts, so
 * every line is read exactly once whatever the splitting. A split remembers the offset of the next line.
 */
public final class TextFileSource implements Source<String, TextFileSource.Split> {

    private final String path;
    private final long splitSize;

    public TextFileSource(String path, long splitSize) {
        if (splitSize < 1) {
            throw new IllegalArgumentException("split size must be positive");
        }
        this.path = path;
        this.splitSize = splitSize;
    }

    /** Reads a file or directory in splits of 1 MiB. */
    public TextFileSource(String path) {
        this(path, 1 << 20);
    }

    /**
     * Bytes {@code [start, end)} of a file: the lines starting there.
     *
     * @param offset where the next line starts (or, before the first read, {@code start})
     */
    public record Split(String splitId, String file, long start, long end, long offset) implements SourceSplit {
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public List<Split> createSplits(int parallelism) throws IOException {
        Path p = Path.of(path);
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.list(p)) {
                s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                        .sorted().forEach(files::add);
            }
        } else if (Files.isRegularFile(p)) {
            files.add(p);
        } else {
            throw new IOException("text source: '" + path + "' is neither a file nor a directory");
        }
        List<Split> splits = new ArrayList<>();
        for (Path f : files) {
            long size = Files.size(f);
            for (long start = 0; start < size; start += splitSize) {
                long end = Math.min(size, start + splitSize);
                splits.add(new Split(f.getFileName() + "@" + start, f.toAbsolutePath().toString(), start, end, start));
            }
        }
        return splits;
    }

    @Override
    public SourceReader<String, Split> createReader(SourceReaderContext context) {
        return new Reader();
    }

    private static final class Reader implements SourceReader<String, Split> {
        private final java.util.ArrayDeque<Split> pending = new java.util.ArrayDeque<>();
        private final byte[] buf = new byte[64 * 1024];
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        private Split current;
        private java.nio.channels.FileChannel channel;
        private java.io.InputStream in;
        private int pos;
        private int len;
        /** File offset of the next unread byte. */
        private long offset;

        @Override
        public void addSplits(List<Split> splits) {
            pending.addAll(splits);
        }

        @Override
        public InputStatus pollNext(ReaderOutput<String> output) throws IOException {
            for (int lines = 0; lines < 1024; lines++) {
                if (current == null && !openNext()) {
                    return InputStatus.END_OF_INPUT;
                }
                String l = offset < current.end() ? readLine() : null;
                if (l == null) {
                    closeCurrent();
                    continue;
                }
                output.collect(l);
            }
            return InputStatus.MORE_AVAILABLE;
        }

        private boolean openNext() throws IOException {
            current = pending.poll();
            if (current == null) {
                return false;
            }
            channel = java.nio.channels.FileChannel.open(Path.of(current.file()), java.nio.file.StandardOpenOption.READ);
            offset = current.offset();
            pos = 0;
            len = 0;
            if (offset == current.start() && offset > 0) {
                java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
                channel.read(one, offset - 1);
                channel.position(offset);
                in = java.nio.channels.Channels.newInputStream(channel);
                if (one.get(0) != '\n') {
                    // The line crossing into this split started in the previous one, which reads it.
                    readLine();
                }
            } else {
                channel.position(offset);
                in = java.nio.channels.Channels.newInputStream(channel);
            }
            return true;
        }

        /** Reads through the next newline (or to the end of the file); null if nothing is left. */
        private String readLine() throws IOException {
            line.reset();
            boolean read = false;
            while (true) {
                if (pos == len) {
                    len = in.read(buf, 0, buf.length);
                    pos = 0;
                    if (len <= 0) {
                        len = 0;
                        return read ? text() : null;
                    }
                }
                read = true;
                int start = pos;
                while (pos < len && buf[pos] != '\n') {
                    pos++;
                }
                line.write(buf, start, pos - start);
                offset += pos - start;
                if (pos < len) {
                    pos++;
                    offset++;
                    return text();
                }
            }
        }

        private String text() {
            byte[] b = line.toByteArray();
            int n = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
            return new String(b, 0, n, StandardCharsets.UTF_8);
        }

        private void closeCurrent() throws IOException {
            if (channel != null) {
                channel.close();
                channel = null;
                in = null;
            }
            current = null;
        }

        @Override
        public List<Split> snapshotState() {
            List<Split> out = new ArrayList<>();
            if (current != null) {
                out.add(new Split(current.splitId(), current.file(), current.start(), current.end(), offset));
            }
            out.addAll(pending);
            return out;
        }

        @Override
        public void close() throws IOException {
            closeCurrent();
        }
    }
}
