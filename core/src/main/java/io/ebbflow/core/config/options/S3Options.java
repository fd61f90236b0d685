package io.ebbflow.core.config.options;

import io.ebbflow.core.config.ConfigOption;
import io.ebbflow.core.config.MemorySize;
import io.ebbflow.core.config.Ranges;
import java.time.Duration;

/**
 * S3-compatible object storage, used for every location given as {@code s3://bucket/prefix}
 * ({@code state.checkpoints.dir}, {@code state.savepoints.dir}, {@code high-availability.storageDir}, a job jar).
 * Flink's keys where Flink has them (its S3 file systems forward {@code s3.*} keys to the Hadoop S3A names).
 */
public final class S3Options {

    private S3Options() {
    }

    public static final ConfigOption<String> ENDPOINT = ConfigOption.key("s3.endpoint")
            .stringType().defaultValue("")
            .derivedDefault("(none): AWS S3 of 's3.region'")
            .withDescription("The S3 endpoint, e.g. http://minio.local:9000 for an S3-compatible store. Unset, the "
                    + "regional AWS endpoint is used.");

    public static final ConfigOption<String> ACCESS_KEY = ConfigOption.key("s3.access-key")
            .stringType().defaultValue("")
            .derivedDefault("(none): the AWS SDK's default credentials chain")
            .withDescription("Access key id. With 's3.secret-key' it replaces the SDK's default credentials chain "
                    + "(environment variables, system properties, ~/.aws/credentials, container and instance roles).");

    public static final ConfigOption<String> SECRET_KEY = ConfigOption.key("s3.secret-key")
            .stringType().defaultValue("")
            .derivedDefault("(none): the AWS SDK's default credentials chain")
            .withDescription("Secret access key belonging to 's3.access-key'. Never logged.");

    public static final ConfigOption<Boolean> PATH_STYLE_ACCESS = ConfigOption.key("s3.path.style.access")
            .booleanType().defaultValue(false)
            .withDescription("Address buckets as <endpoint>/<bucket>/<key> instead of <bucket>.<endpoint>/<key>; most "
                    + "S3-compatible servers (MinIO, S3Proxy, Ceph) want true.");

    public static final ConfigOption<String> REGION = ConfigOption.key("s3.region")
            .stringType().defaultValue("us-east-1")
            .validate("a region name", Ranges.notBlank())
            .withDescription("The region the requests are signed for (S3-compatible servers mostly ignore it).");

    public static final ConfigOption<MemorySize> MULTIPART_THRESHOLD = ConfigOption.key("s3.multipart.threshold")
            .memoryType().defaultValue(MemorySize.parse("16mb"))
            .validate("at least 5 mb", m -> m.bytes() >= 5L << 20 ? null : "expected at least 5 mb, got " + m)
            .withDescription("A state file at least this large is uploaded in parts (S3 multipart upload), each of "
                    + "'s3.multipart.size'; smaller ones in one request.");

    public static final ConfigOption<MemorySize> MULTIPART_SIZE = ConfigOption.key("s3.multipart.size")
            .memoryType().defaultValue(MemorySize.parse("8mb"))
            .validate("at least 5 mb (S3's smallest part)", m -> m.bytes() >= 5L << 20 ? null
                    : "expected at least 5 mb, got " + m)
            .withDescription("The size of each part of a multipart upload (the last one may be smaller).");

    public static final ConfigOption<Integer> MAX_ATTEMPTS = ConfigOption.key("s3.attempts.maximum")
            .intType().defaultValue(5)
            .validate("an integer >= 1", Ranges.intAtLeast(1))
            .withDescription("How often a request is tried when it fails transiently (a connection error, a timeout, "
                    + "HTTP 500, 503 or throttling), with exponential backoff and jitter between attempts. 1 means no "
                    + "retry.");

    public static final ConfigOption<Duration> RETRY_INTERVAL = ConfigOption.key("s3.retry.interval")
            .durationType().defaultValue(Duration.ofMillis(100))
            .validate("a positive duration", Ranges.positive())
            .withDescription("The base delay of the backoff between attempts: up to this before the second attempt, "
                    + "doubling each time, at most 20 s.");
}
