package io.ebbflow.core.ha;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Documents in a directory. Every write is atomic and durable (temporary file, fsync, rename, fsync of the
 * directory); updates and fenced writes run under the scope's lock (an OS file lock, so other processes on the same
 * file system are excluded, plus an in-process lock), which makes "read, then write" atomic.
 */
final class FileDocuments implements Documents {

    private static final String LOCK = ".lock";
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path root;

    FileDocuments(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    @Override
    public Optional<byte[]> read(String name) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(resolve(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void write(String name, byte[] bytes) throws IOException {
        DurableStore.writeAtomically(resolve(name), bytes);
    }

    @Override
    public boolean delete(String name) throws IOException {
        Path file = resolve(name);
        boolean deleted = Files.deleteIfExists(file);
        if (deleted) {
            DurableStore.fsyncDirectory(file.getParent());
        }
        return deleted;
    }

    @Override
    public List<String> list(String directory) throws IOException {
        Path dir = directory.isEmpty() ? root : resolve(directory);
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                out.add(p.getFileName().toString());
            }
        }
        return out;
    }

    @Override
    public void deleteTree(String directory) throws IOException {
        Path dir = resolve(directory);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        DurableStore.fsyncDirectory(dir.getParent());
    }

    @Override
    public Optional<Long> lastModified(String name) throws IOException {
        try {
            return Optional.of(Files.getLastModifiedTime(resolve(name)).toMillis());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public <T> T update(String scope, String name, Update<T> update) throws IOException {
        return locked(scope, () -> {
            Change<T> change = update.apply(read(name));
            if (change.write() != null) {
                write(name, change.write());
            }
            return change.result();
        });
    }

    @Override
    public boolean writeFenced(String scope, String leaseName, long epoch, String name, byte[] bytes,
            Documents.EpochOf epochOf) throws IOException {
        return locked(scope, () -> {
            Optional<byte[]> lease = read(leaseName);
            if (lease.isPresent() && epochOf.of(lease.get()) > epoch) {
                return false;
            }
            write(name, bytes);
            return true;
        });
    }

    @Override
    public void seal(String scope, String leaseName, long epoch) {
        // Fenced writes check the lease under the scope's lock: once the claim is written, none of an older epoch
        // can succeed.
    }

    @Override
    public String describe(String name) {
        return (name.isEmpty() ? root : root.resolve(name)).toString();
    }

    private interface IoAction<T> {
        T run() throws IOException;
    }

    private <T> T locked(String scope, IoAction<T> action) throws IOException {
        Path dir = resolve(scope);
        Files.createDirectories(dir);
        Path lockFile = dir.resolve(LOCK);
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, p -> new ReentrantLock());
        local.lock();
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = ch.lock()) {
            return action.run();
        } finally {
            local.unlock();
        }
    }

    /** {@code name} (checked by the store) as a path under the root, checked to stay there. */
    Path resolve(String name) {
        Path p = root.resolve(name).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("'" + name + "' leaves the durable store");
        }
        return p;
    }
}
