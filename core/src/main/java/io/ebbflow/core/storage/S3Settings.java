package io.ebbflow.core.storage;

import io.ebbflow.core.config.Configuration;
import io.ebbflow.core.config.options.S3Options;
import java.time.Duration;

/**
 * How to reach S3-compatible storage, from the {@code s3.*} options.
 *
 * @param endpoint empty for AWS's regional endpoint
 * @param accessKey empty to use the AWS SDK's default credentials chain
 */
public record S3Settings(String endpoint, String accessKey, String secretKey, boolean pathStyleAccess, String region,
        long multipartThreshold, long partSize, int maxAttempts, Duration retryInterval) {

    public S3Settings {
        if (accessKey.isEmpty() != secretKey.isEmpty()) {
            throw new io.ebbflow.core.config.ConfigException("'" + S3Options.ACCESS_KEY.key() + "' and '"
                    + S3Options.SECRET_KEY.key() + "' are set together or not at all");
        }
    }

    public static S3Settings from(Configuration config) {
        return new S3Settings(config.get(S3Options.ENDPOINT), config.get(S3Options.ACCESS_KEY),
                config.get(S3Options.SECRET_KEY), config.get(S3Options.PATH_STYLE_ACCESS), config.get(S3Options.REGION),
                config.get(S3Options.MULTIPART_THRESHOLD).bytes(), config.get(S3Options.MULTIPART_SIZE).bytes(),
                config.get(S3Options.MAX_ATTEMPTS), config.get(S3Options.RETRY_INTERVAL));
    }

    /** The secret never appears in logs or messages. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + (endpoint.isEmpty() ? "(AWS)" : endpoint) + ", credentials="
                + (accessKey.isEmpty() ? "(default chain)" : accessKey + "/***") + ", pathStyleAccess=" + pathStyleAccess
                + ", region=" + region + ", multipartThreshold=" + multipartThreshold + ", partSize=" + partSize
                + ", maxAttempts=" + maxAttempts + ", retryInterval=" + retryInterval + "]";
    }
}
