package io.ebbflow.core.ha;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where a {@link DurableStore} keeps its documents: a directory ({@link FileDocuments}) or S3-compatible storage
 * ({@link ObjectDocuments}). Names are already checked by the store. Every method blocks.
 */
interface Documents {

    /** What an {@link Update} decided: the bytes to write ({@code null}: write nothing) and the caller's result. */
    record Change<T>(byte[] write, T result) {
    }

    /** Decides from the document's current bytes (empty if there is none); may run more than once. */
    interface Update<T> {
        Change<T> apply(Optional<byte[]> current) throws IOException;
    }

    /** The epoch of a lease document. */
    interface EpochOf {
        long of(byte[] lease) throws IOException;
    }

    Optional<byte[]> read(String name) throws IOException;

    void write(String name, byte[] bytes) throws IOException;

    boolean delete(String name) throws IOException;

    /** The entries directly under {@code directory} ({@code ""}: the root), unsorted. */
    List<String> list(String directory) throws IOException;

    void deleteTree(String directory) throws IOException;

    Optional<Long> lastModified(String name) throws IOException;

    /** Reads, decides and writes the document {@code name} of {@code scope} as one atomic step. */
    <T> T update(String scope, String name, Update<T> update) throws IOException;

    /**
     * Writes {@code bytes} to {@code name} only if the lease document {@code leaseName} (its epoch read by
     * {@code epochOf}) holds no epoch above {@code epoch}.
     */
    boolean writeFenced(String scope, String leaseName, long epoch, String name, byte[] bytes,
            EpochOf epochOf) throws IOException;

    /**
     * Called after {@code epoch} claimed {@code scope}: makes sure no fenced write of an older epoch to a document of
     * the scope can still succeed (nothing to do where fenced writes run under the scope's lock).
     */
    void seal(String scope, String leaseName, long epoch) throws IOException;

    /** Where {@code name} is ({@code ""}: the root), for messages. */
    String describe(String name);
}
