package io.ebbflow.core.security;

import io.ebbflow.core.config.ConfigException;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.ClusterOptions;
import io.ebbflow.core.config.options.SecurityOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cluster's shared secret and what Hazelcast does with it. Hazelcast's community edition has no member
 * authentication; what it does check at join, for members and for clients alike, is the cluster name. With a
 * secret set, the name a member uses is {@code <cluster.name>-<HMAC-SHA256(secret, cluster.name), 32 hex digits>},
 * so a process without the secret presents another name and is refused at join; the secret itself never travels.
 * Hazelcast's traffic is not encrypted, so anyone who can read it learns the derived name: the cluster port must
 * stay on a private network.
 */
public final class ClusterSecret {

    private ClusterSecret() {
    }

    /** The cluster name Hazelcast members use: {@code cluster.name}, or the secret-derived one. */
    public static String hazelcastClusterName(Configuration config) {
        String name = config.get(ClusterOptions.NAME);
        return secret(config).map(s -> name + "-" + derive(s, name)).orElse(name);
    }

    /** Whether a cluster secret is configured. */
    public static boolean configured(Configuration config) {
        return config.contains(SecurityOptions.CLUSTER_SECRET) || config.contains(SecurityOptions.CLUSTER_SECRET_FILE);
    }

    /** A Hazelcast cluster name as it may be logged: a secret-derived suffix is never shown. */
    public static String forLog(String hazelcastClusterName) {
        return hazelcastClusterName.matches(".*-[0-9a-f]{32}") ? hazelcastClusterName.substring(0,
                hazelcastClusterName.length() - 33) + " (with the cluster secret)" : hazelcastClusterName;
    }

    /** The configured secret: {@code security.cluster.secret}, else the content of {@code security.cluster.secret-file}. */
    static Optional<String> secret(Configuration config) {
        Optional<String> inline = config.getOptional(SecurityOptions.CLUSTER_SECRET);
        if (inline.isPresent()) {
            return inline;
        }
        return config.getOptional(SecurityOptions.CLUSTER_SECRET_FILE).map(ClusterSecret::read);
    }

    private static String read(String file) {
        Path path = Path.of(file);
        String key = SecurityOptions.CLUSTER_SECRET_FILE.key();
        try {
            SecretFiles.requireOwnerOnly(path, key);
            String secret = Files.readString(path, StandardCharsets.UTF_8).trim();
            if (secret.length() < 16) {
                throw new ConfigException("'" + key + "' = '" + file + "': the secret must have at least 16 characters");
            }
            return secret;
        } catch (IOException e) {
            throw new ConfigException("'" + key + "' = '" + file + "': cannot read it: " + e);
        }
    }

    private static String derive(String secret, String name) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(name.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
