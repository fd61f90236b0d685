package io.ebbflow.core.security;

import io.ebbflow.core.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Files that hold a secret (a token, the cluster secret): only their owner may read or write them, as ssh wants. */
public final class SecretFiles {

    private SecretFiles() {
    }

    /**
     * Refuses a secret file that others may read or write, naming the option and the fix (never the content).
     *
     * @throws ConfigException if the permissions are too open or cannot be read
     */
    public static void requireOwnerOnly(Path file, String option) {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (IOException e) {
            throw new ConfigException("'" + option + "' = '" + file + "': cannot read its permissions: " + e);
        }
        for (PosixFilePermission p : perms) {
            if (!p.name().startsWith("OWNER_")) {
                throw new ConfigException("'" + option + "' = '" + file + "': others may read or write it (permissions "
                        + PosixFilePermissions.toString(perms) + "); make it readable by its owner only: chmod 600 "
                        + file);
            }
        }
    }
}
