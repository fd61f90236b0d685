package io.ebbflow.core.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.ClusterOptions;
import io.ebbflow.core.config.options.HighAvailabilityOptions;
import io.ebbflow.core.config.options.S3Options;
import io.ebbflow.core.storage.ObjectLocation;
import io.ebbflow.core.storage.S3ObjectStore;
import io.ebbflow.core.storage.S3Settings;
import io.ebbflow.s3local.S3Local;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The durable store's scenarios ({@link DurableStoreTest}) with the store in S3-compatible storage (a real S3Proxy),
 * plus what is particular to it: fencing epochs in the documents and the configuration by URI.
 */
class S3DurableStoreTest extends DurableStoreTest {

    private static final Duration LEASE = Duration.ofSeconds(5);
    private S3ObjectStore objects;
    private String bucket;
    private String prefix = "ha/" + UUID.randomUUID();

    @Override
    DurableStore open() throws Exception {
        S3Local server = S3Local.shared();
        if (objects == null) {
            bucket = server.createBucket("ha-" + UUID.randomUUID().toString().substring(0, 8));
            objects = new S3ObjectStore(new S3Settings(server.endpoint(), S3Local.ACCESS_KEY, S3Local.SECRET_KEY, true,
                    "us-east-1", 5 << 20, 5 << 20, 3, Duration.ofMillis(10)));
        }
        return new DurableStore(objects, ObjectLocation.parse("s3://" + bucket + "/" + prefix));
    }

    @AfterEach
    void closeClient() {
        if (objects != null) {
            objects.close();
        }
    }

    @Override
    @Test
    void documentsAreWrittenWholeListedAndDeleted() throws Exception {
        DurableStore store = open();
        store.write("archive/job-1.json", Map.of("state", "FINISHED"));
        store.write("archive/job-2.json", Map.of("state", "FAILED"));
        assertThat(store.list("archive")).containsExactly("job-1.json", "job-2.json");
        assertThat(store.lastModified("archive/job-1.json")).isPresent();
        assertThat(store.delete("archive/job-1.json")).isTrue();
        assertThat(store.list("archive")).containsExactly("job-2.json");
        store.deleteTree("archive");
        assertThat(store.list("archive")).isEmpty();
        assertThat(store.lastModified("archive/job-1.json")).isEmpty();
    }

    @Override
    @Test
    void aCorruptDocumentIsAnErrorNamingTheFile() throws Exception {
        DurableStore store = open();
        store.write("jobs/x.json", Map.of("a", 1));
        var file = S3Local.shared().objectFile(bucket, prefix + "/jobs/x.json");
        Files.writeString(file, Files.readString(file).replace('1', '2'));
        assertThatThrownBy(() -> store.read("jobs/x.json", Map.class))
                .hasMessageContaining("s3://" + bucket + "/" + prefix + "/jobs/x.json").hasMessageContaining("corrupt");
    }

    @Test
    void aClaimSealsTheScopesDocumentsWithItsEpochSoTheOldLeadersWritesFail() throws Exception {
        DurableStore store = open();
        store.claim("jobs/j", "a", "a", 0, LEASE, 0, l -> false);
        assertThat(store.writeFenced("jobs/j", 1, "jobs/j/checkpoint.json", Map.of("id", 7))).isTrue();

        store.claim("jobs/j", "b", "b", 10, LEASE, 0, l -> true);

        byte[] raw = objects.get(ObjectLocation.parse("s3://" + bucket + "/" + prefix + "/jobs/j/checkpoint.json"))
                .orElseThrow().bytes();
        assertThat(new String(raw, StandardCharsets.UTF_8)).contains("\"" + ObjectDocuments.FENCE + "\" : 2");
        assertThat(store.read("jobs/j/checkpoint.json", Map.class)).get().isEqualTo(Map.of("id", 7));
        assertThat(store.writeFenced("jobs/j", 1, "jobs/j/checkpoint.json", Map.of("id", 8))).isFalse();
        assertThat(store.writeFenced("jobs/j", 2, "jobs/j/checkpoint.json", Map.of("id", 9))).isTrue();
        assertThat(store.read("jobs/j/checkpoint.json", Map.class)).get().isEqualTo(Map.of("id", 9));
    }

    @Test
    void anS3StorageDirSelectsTheObjectStore() throws Exception {
        S3Local server = S3Local.shared();
        open();
        Configuration config = Configuration.builder()
                .set(HighAvailabilityOptions.STORAGE_DIR, "s3://" + bucket + "/" + prefix)
                .set(ClusterOptions.NAME, "c1")
                .set(S3Options.ENDPOINT, server.endpoint())
                .set(S3Options.ACCESS_KEY, S3Local.ACCESS_KEY)
                .set(S3Options.SECRET_KEY, S3Local.SECRET_KEY)
                .set(S3Options.PATH_STYLE_ACCESS, true)
                .build();
        DurableStore store = DurableStore.open(config);
        store.write("jobs/j/job.json", Map.of("state", "RUNNING"));
        assertThat(store.location()).isEqualTo("s3://" + bucket + "/" + prefix + "/c1");
        assertThat(objects.list(ObjectLocation.parse("s3://" + bucket + "/" + prefix + "/c1/jobs/j")))
                .containsExactly("job.json");
    }
}
