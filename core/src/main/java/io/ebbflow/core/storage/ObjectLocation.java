package io.ebbflow.core.storage;

import java.util.regex.Pattern;

/**
 * An object's (or a "directory" prefix's) address in S3-compatible storage: {@code s3://bucket/key}. Keys use
 * {@code /} as separator; a location without a key is the bucket's root.
 */
public record ObjectLocation(String bucket, String key) {

    public static final String SCHEME = "s3://";
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public ObjectLocation {
        if (bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("'" + bucket + "' is not a valid S3 bucket name (3-63 characters: "
                    + "lower-case letters, digits, '.' and '-')");
        }
        key = key == null ? "" : trimSlashes(key);
        for (String segment : key.split("/", -1)) {
            if (!key.isEmpty() && (segment.isEmpty() || segment.equals(".") || segment.equals(".."))) {
                throw new IllegalArgumentException("'" + key + "' is not a valid object key: empty, '.' or '..' segment");
            }
        }
    }

    /** Whether {@code location} names S3-compatible storage ({@code s3://...}) rather than a local path. */
    public static boolean isObjectStorage(String location) {
        return location != null && location.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /** Parses {@code s3://bucket[/key]}; a clear error names what is wrong. */
    public static ObjectLocation parse(String location) {
        if (!isObjectStorage(location)) {
            throw new IllegalArgumentException("'" + location + "' is not an S3 location (expected s3://bucket/prefix)");
        }
        String rest = location.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? new ObjectLocation(rest, "") : new ObjectLocation(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** The location {@code relative} below this one ({@code a/b} → {@code a/b/relative}). */
    public ObjectLocation resolve(String relative) {
        String r = trimSlashes(relative);
        return new ObjectLocation(bucket, key.isEmpty() ? r : r.isEmpty() ? key : key + "/" + r);
    }

    /** The key as a prefix of everything below this location: {@code key/} (empty for the bucket's root). */
    public String prefix() {
        return key.isEmpty() ? "" : key + "/";
    }

    /** The last segment of the key. */
    public String name() {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? key : key.substring(slash + 1);
    }

    /** The location one segment up (the bucket's root stays the root). */
    public ObjectLocation parent() {
        int slash = key.lastIndexOf('/');
        return new ObjectLocation(bucket, slash < 0 ? "" : key.substring(0, slash));
    }

    @Override
    public String toString() {
        return SCHEME + bucket + (key.isEmpty() ? "" : "/" + key);
    }

    private static String trimSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }
}
