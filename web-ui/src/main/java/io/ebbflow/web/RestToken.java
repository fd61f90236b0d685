package io.ebbflow.web;

import io.ebbflow.core.config.ConfigException;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.RestOptions;
import io.ebbflow.core.security.SecretFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The token REST calls that change something must carry: {@code rest.auth.token} if set, else the one in
 * {@code rest.auth.token-file}, which is created with a random token (owner read and write only) when it does
 * not exist. Several web-uis (and restarts) sharing the file share the token. A file others may read or write
 * is refused, as ssh refuses such a key. Blocking: call it off the event loop.
 */
final class RestToken {

    private static final Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY =
            PosixFilePermissions.fromString("rw-------");

    /** The token and where it came from (for the start-up log; the token itself is never logged). */
    record Resolved(String token, String origin) {
        @Override
        public String toString() {
            return "RestToken(******, " + origin + ")";
        }
    }

    private RestToken() {
    }

    static Resolved resolve(Configuration config) {
        var configured = config.getOptional(RestOptions.AUTH_TOKEN);
        if (configured.isPresent()) {
            return new Resolved(configured.get(), "'" + RestOptions.AUTH_TOKEN.key() + "'");
        }
        Path file = file(config);
        try {
            return new Resolved(readOrCreate(file), "the file " + file);
        } catch (IOException e) {
            throw new ConfigException("'" + RestOptions.AUTH_TOKEN_FILE.key() + "' = '" + file + "': " + e.getMessage());
        }
    }

    static Path file(Configuration config) {
        String path = config.getOptional(RestOptions.AUTH_TOKEN_FILE)
                .orElse(System.getProperty("user.home") + "/.ebbflow/rest-token");
        if (path.startsWith("~/")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return Path.of(path).toAbsolutePath().normalize();
    }

    private static String readOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            try {
                return create(file);
            } catch (FileAlreadyExistsException e) {
                // another web-ui created it at the same moment: use theirs
            }
        }
        SecretFiles.requireOwnerOnly(file, RestOptions.AUTH_TOKEN_FILE.key());
        String token = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (token.isEmpty()) {
            throw new IOException("the token file is empty");
        }
        return token;
    }

    private static String create(Path file) throws IOException {
        Path dir = file.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        // Created with owner-only permissions from the start, so there is no moment when others could read it.
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        return token;
    }
}
