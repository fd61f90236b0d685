package io.ebbflow.core.util;

import io.ebbflow.core.protocol.Require;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Paths built from ids and from messages stay under the directory they are meant for. Every name that
 * comes from outside (a job id, a vertex id, a file named in a message or in checkpoint metadata) goes
 * through here before it is resolved against a parent; the result is normalised and checked to lie
 * strictly inside that parent, so {@code ..}, an absolute path, a separator or a NUL never reach the file
 * system. Symbolic links are not followed: the directories themselves are ours or the operator's.
 *
 * <p>Failures throw {@link IllegalArgumentException} naming what was refused and why.
 */
public final class PathGuard {

    /** {@code <vertex>-<subtask>.state}, {@code chk-<n>}, {@code job-<sha256>.jar}: the id alphabet, one segment. */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,254}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private PathGuard() {
    }

    /**
     * {@code parent/<id>}: the id must be a valid id (see {@link Require#id}) and the result a direct child of
     * {@code parent}.
     */
    public static Path childForId(Path parent, String id, String what) {
        Require.id(id, what);
        return inside(parent, parent.resolve(id), what, id);
    }

    /**
     * {@code parent/<name>} for a single file name: letters, digits, {@code .}, {@code _} and {@code -}, not
     * starting with {@code .} or {@code -}, at most 255 characters.
     */
    public static Path childForName(Path parent, String name, String what) {
        if (name == null || !FILE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be a plain file name (letters, digits, '.', '_' or '-', "
                    + "not starting with '.' or '-', at most 255 characters), got " + quote(name));
        }
        return inside(parent, parent.resolve(name), what, name);
    }

    /**
     * {@code parent/<relative>} for a relative path of one or more plain names (a state file named in a
     * checkpoint's metadata): never absolute, never leaving {@code parent}.
     */
    public static Path resolveInside(Path parent, String relative, String what) {
        if (relative == null || relative.isEmpty() || relative.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " must be a relative path inside " + parent + ", got "
                    + quote(relative));
        }
        Path rel;
        try {
            rel = Path.of(relative);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(what + " is not a valid path: " + quote(relative));
        }
        if (rel.isAbsolute() || rel.getRoot() != null) {
            throw new IllegalArgumentException(what + " must be relative to " + parent + ", got " + quote(relative));
        }
        return inside(parent, parent.resolve(rel), what, relative);
    }

    /** Checks that {@code candidate} lies strictly inside {@code parent}, both normalised; returns it normalised. */
    public static Path inside(Path parent, Path candidate, String what, String given) {
        Path base = parent.toAbsolutePath().normalize();
        Path p = candidate.toAbsolutePath().normalize();
        if (!p.startsWith(base) || p.equals(base)) {
            throw new IllegalArgumentException(what + " " + quote(given) + " leads to " + p + ", outside " + base);
        }
        return p;
    }

    /** A SHA-256 in lower-case hex (it names a cached job jar). */
    public static String sha256(String value, String what) {
        if (value == null || !SHA256.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 64 lower-case hex digits, got " + quote(value));
        }
        return value;
    }

    /**
     * Checks where a TaskExecutor is told to write a subtask's state: an absolute directory that, normalised, is
     * the job's checkpoint directory {@code .../<jobId>/chk-<checkpointId>} or, for a savepoint, a directory
     * named {@code savepoint-<jobId>-...}. Anything else (a relative path, {@code ..}, another job's
     * directory) is refused, so a message cannot make a TaskExecutor write outside the checkpoint storage's
     * layout. An {@code s3://bucket/...} location must have the same layout (and no {@code .} or {@code ..}).
     */
    public static String checkpointLocation(String directory, String jobId, long checkpointId, boolean savepoint) {
        if (!io.ebbflow.core.storage.ObjectLocation.isObjectStorage(directory)) {
            return checkpointDirectory(directory, jobId, checkpointId, savepoint).toString();
        }
        Require.id(jobId, "jobId");
        io.ebbflow.core.storage.ObjectLocation location;
        try {
            location = io.ebbflow.core.storage.ObjectLocation.parse(directory);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint directory " + quote(directory) + " is not valid: "
                    + e.getMessage());
        }
        boolean checkpointLayout = location.name().equals("chk-" + checkpointId)
                && location.parent().name().equals(jobId);
        boolean savepointLayout = savepoint && location.name().startsWith("savepoint-" + jobId + "-");
        if (!checkpointLayout && !savepointLayout) {
            throw new IllegalArgumentException("checkpoint directory " + quote(directory) + " is not "
                    + (savepoint ? "a savepoint directory 'savepoint-" + jobId + "-...' nor " : "")
                    + "the checkpoint directory '.../" + jobId + "/chk-" + checkpointId + "' of job " + jobId);
        }
        return location.toString();
    }

    /** As {@link #checkpointLocation} for a directory on the file system. */
    public static Path checkpointDirectory(String directory, String jobId, long checkpointId, boolean savepoint) {
        Require.id(jobId, "jobId");
        if (directory == null || directory.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("checkpoint directory " + quote(directory) + " is not a path");
        }
        Path p;
        try {
            p = Path.of(directory);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("checkpoint directory " + quote(directory) + " is not a valid path");
        }
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException("checkpoint directory " + quote(directory) + " must be absolute");
        }
        p = p.normalize();
        Path name = p.getFileName();
        Path parent = p.getParent();
        boolean checkpointLayout = name != null && parent != null && parent.getFileName() != null
                && name.toString().equals("chk-" + checkpointId) && parent.getFileName().toString().equals(jobId);
        boolean savepointLayout = savepoint && name != null && name.toString().startsWith("savepoint-" + jobId + "-");
        if (!checkpointLayout && !savepointLayout) {
            throw new IllegalArgumentException("checkpoint directory " + quote(directory) + " is not "
                    + (savepoint ? "a savepoint directory 'savepoint-" + jobId + "-...' nor " : "")
                    + "the checkpoint directory '.../" + jobId + "/chk-" + checkpointId + "' of job " + jobId);
        }
        return p;
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        String shown = s.length() <= 60 ? s : s.substring(0, 60) + "...";
        return "'" + shown.replace("\0", "\\0") + "'";
    }
}
