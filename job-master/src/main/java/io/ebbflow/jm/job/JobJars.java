package io.ebbflow.jm.job;

import io.ebbflow.core.config.ConfigException;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.storage.ObjectLocation;
import io.ebbflow.core.storage.ObjectStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the JobMaster's job jar comes from: a local file, or an object in S3-compatible storage
 * ({@code --job-jar s3://bucket/key}), downloaded once at start (its checksum verified) into a temporary file that
 * is deleted when the JobMaster exits. The TaskExecutors then fetch it from the JobMaster's blob server as always.
 */
public final class JobJars {

    private JobJars() {
    }

    /** The jar as a local file; blocks while an {@code s3://} jar downloads (call it before the service starts). */
    public static Path local(String jar, Configuration config) {
        if (!ObjectLocation.isObjectStorage(jar)) {
            return Path.of(jar);
        }
        ObjectLocation location;
        try {
            location = ObjectLocation.parse(jar);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--job-jar: " + e.getMessage());
        }
        try {
            Path local = Files.createTempFile("ebbflow-job-", "-" + location.name());
            local.toFile().deleteOnExit();
            ObjectStores.forConfig(config).download(location, local);
            return local;
        } catch (IOException e) {
            throw new ConfigException("--job-jar " + jar + " cannot be fetched: " + e.getMessage());
        }
    }
}
