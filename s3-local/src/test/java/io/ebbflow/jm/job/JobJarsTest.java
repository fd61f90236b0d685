package io.ebbflow.jm.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.core.config.ConfigException;
import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.S3Options;
import io.ebbflow.core.storage.ObjectLocation;
import io.ebbflow.core.storage.ObjectStores;
import io.ebbflow.s3local.S3Local;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job jar given as s3://bucket/key is fetched from S3-compatible storage (a real S3Proxy) at start. */
class JobJarsTest {

    @Test
    void anS3JarIsDownloadedAndAMissingOneIsNamed(@TempDir Path dir) throws Exception {
        S3Local s3 = S3Local.shared();
        String bucket = s3.createBucket("jars-" + UUID.randomUUID().toString().substring(0, 8));
        Configuration config = Configuration.builder()
                .set(S3Options.ENDPOINT, s3.endpoint())
                .set(S3Options.ACCESS_KEY, S3Local.ACCESS_KEY)
                .set(S3Options.SECRET_KEY, S3Local.SECRET_KEY)
                .set(S3Options.PATH_STYLE_ACCESS, true)
                .build();
        byte[] jar = new byte[100_000];
        new Random(3).nextBytes(jar);
        ObjectStores.forConfig(config).upload(Files.write(dir.resolve("job.jar"), jar),
                ObjectLocation.parse("s3://" + bucket + "/jobs/job.jar"));

        Path local = JobJars.local("s3://" + bucket + "/jobs/job.jar", config);

        assertThat(Files.readAllBytes(local)).isEqualTo(jar);
        assertThat(JobJars.local(dir.resolve("job.jar").toString(), config)).isEqualTo(dir.resolve("job.jar"));
        assertThatThrownBy(() -> JobJars.local("s3://" + bucket + "/jobs/missing.jar", config))
                .isInstanceOf(ConfigException.class).hasMessageContaining("s3://" + bucket + "/jobs/missing.jar");
        Files.delete(local);
    }
}
