package io.ebbflow.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ObjectStore} over the AWS SDK for Java v2 with the JDK's URL connection as HTTP client. One client serves
 * every bucket. Checksums: the SDK's own request checksums are left to the operations that require them (many
 * S3-compatible servers do not accept the SDK's default streaming checksums); instead each object carries its
 * CRC-32C in the user metadata {@value #CRC_METADATA}, checked on every whole-object read, so corruption is found
 * whatever the server. Thread-safe.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {

    /** User metadata holding the CRC-32C of the whole object (hex). */
    public static final String CRC_METADATA = "ebbflow-crc32c";
    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);
    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final S3Settings settings;
    private final Map<String, Boolean> conditionalWrites = new ConcurrentHashMap<>();
    private volatile boolean batchDeletes = true;

    public S3ObjectStore(S3Settings settings) {
        this.settings = settings;
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .forcePathStyle(settings.pathStyleAccess())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(settings.maxAttempts())
                        .backoffStrategy(BackoffStrategy.exponentialDelay(settings.retryInterval(), Duration.ofSeconds(20)))
                        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(settings.retryInterval(),
                                Duration.ofSeconds(20)))
                        .circuitBreakerEnabled(false)
                        .build()));
        if (!settings.endpoint().isEmpty()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        this.s3 = builder.build();
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        return settings.accessKey().isEmpty() ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
    }

    public S3Settings settings() {
        return settings;
    }

    @Override
    public void put(ObjectLocation location, byte[] bytes) throws IOException {
        call(location, "write", () -> s3.putObject(putRequest(location, bytes).build(), RequestBody.fromBytes(bytes)));
    }

    @Override
    public boolean putIfAbsent(ObjectLocation location, byte[] bytes) throws IOException {
        if (!supportsConditionalWrites(location.bucket())) {
            // Fallback (documented): check, then write; a writer racing in between is not detected.
            if (etag(location).isPresent()) {
                return false;
            }
            put(location, bytes);
            return true;
        }
        return conditionalPut(location, putRequest(location, bytes).ifNoneMatch("*"), bytes);
    }

    @Override
    public boolean putIfMatch(ObjectLocation location, byte[] bytes, String etag) throws IOException {
        if (!supportsConditionalWrites(location.bucket())) {
            Optional<String> current = etag(location);
            if (current.isEmpty() || !unquoted(current.get()).equals(unquoted(etag))) {
                return false;
            }
            put(location, bytes);
            return true;
        }
        return conditionalPut(location, putRequest(location, bytes).ifMatch(etag), bytes);
    }

    private Optional<String> etag(ObjectLocation location) throws IOException {
        return head(location).map(HeadObjectResponse::eTag);
    }

    private Optional<HeadObjectResponse> head(ObjectLocation location) throws IOException {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(location.bucket()).key(location.key())));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure(location, "look at", e);
        } catch (SdkException e) {
            throw failure(location, "look at", e);
        }
    }

    private static String unquoted(String etag) {
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1)
                : etag;
    }

    private boolean conditionalPut(ObjectLocation location, PutObjectRequest.Builder request, byte[] bytes)
            throws IOException {
        try {
            s3.putObject(request.build(), RequestBody.fromBytes(bytes));
            return true;
        } catch (S3Exception e) {
            // 412: the condition does not hold; 409: a concurrent conditional write to the same key won.
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            throw failure(location, "write", e);
        } catch (SdkException e) {
            throw failure(location, "write", e);
        }
    }

    @Override
    public boolean supportsConditionalWrites(String bucket) throws IOException {
        Boolean known = conditionalWrites.get(bucket);
        if (known != null) {
            return known;
        }
        ObjectLocation probe = new ObjectLocation(bucket, ".ebbflow-conditional-write-probe-"
                + ProcessHandle.current().pid() + "-" + System.nanoTime());
        byte[] one = {1};
        boolean supported;
        try {
            put(probe, one);
            supported = !conditionalPut(probe, putRequest(probe, one).ifNoneMatch("*"), one);
        } finally {
            delete(probe);
        }
        if (!supported) {
            LOG.warn("The S3 store at {} ignores If-None-Match on writes: conditional writes to s3://{} (leases, fenced "
                    + "pointers) fall back to check-then-write, which cannot see a writer racing in between",
                    settings.endpoint().isEmpty() ? "AWS" : settings.endpoint(), bucket);
        }
        conditionalWrites.put(bucket, supported);
        return supported;
    }

    @Override
    public int upload(Path source, ObjectLocation location) throws IOException {
        long size = Files.size(source);
        if (size < settings.multipartThreshold()) {
            put(location, Files.readAllBytes(source));
            return 1;
        }
        String crc = crcHex(source);
        String uploadId = call(location, "start a multipart upload of", () -> s3.createMultipartUpload(b -> b
                .bucket(location.bucket()).key(location.key()).metadata(Map.of(CRC_METADATA, crc)))).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            try (FileChannel ch = FileChannel.open(source, StandardOpenOption.READ)) {
                long offset = 0;
                for (int number = 1; offset < size; number++) {
                    int length = (int) Math.min(settings.partSize(), size - offset);
                    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(length);
                    while (buffer.hasRemaining() && ch.read(buffer, offset + buffer.position()) >= 0) {
                        // read until the part is full
                    }
                    byte[] part = buffer.array();
                    int partNumber = number;
                    String etag = call(location, "upload part " + number + " of", () -> s3.uploadPart(b -> b
                            .bucket(location.bucket()).key(location.key()).uploadId(uploadId).partNumber(partNumber)
                            .contentLength((long) part.length), RequestBody.fromBytes(part))).eTag();
                    parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                    offset += length;
                }
            }
            call(location, "complete the multipart upload of", () -> s3.completeMultipartUpload(b -> b
                    .bucket(location.bucket()).key(location.key()).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())));
            LOG.debug("Uploaded {} ({} bytes) in {} parts", location, size, parts.size());
            return parts.size();
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(location.bucket()).key(location.key()).uploadId(uploadId));
            } catch (SdkException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    @Override
    public Optional<Versioned> get(ObjectLocation location) throws IOException {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(location.bucket()).key(location.key()))) {
            byte[] bytes = in.readAllBytes();
            verify(location, in.response().metadata(), crcHex(bytes), bytes.length, in.response().contentLength());
            return Optional.of(new Versioned(bytes, in.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure(location, "read", e);
        }
    }

    @Override
    public void download(ObjectLocation location, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".download");
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(location.bucket()).key(location.key()));
                OutputStream out = Files.newOutputStream(tmp)) {
            CRC32C crc = new CRC32C();
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, n);
                out.write(buffer, 0, n);
                total += n;
            }
            out.close();
            verify(location, in.response().metadata(), Long.toHexString(crc.getValue()), total,
                    in.response().contentLength());
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchKeyException e) {
            throw new java.nio.file.NoSuchFileException(location.toString(), null, "no such object");
        } catch (SdkException e) {
            throw failure(location, "download", e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public byte[] readRange(ObjectLocation location, long offset, int length) throws IOException {
        if (length == 0) {
            return new byte[0];
        }
        try (InputStream in = s3.getObject(b -> b.bucket(location.bucket()).key(location.key())
                .range("bytes=" + offset + "-" + (offset + length - 1)))) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length != length) {
                throw new CorruptObjectException("object " + location + " has " + bytes.length + " bytes at offset "
                        + offset + "; expected " + length + " (the object is shorter than recorded)");
            }
            return bytes;
        } catch (NoSuchKeyException e) {
            throw new java.nio.file.NoSuchFileException(location.toString(), null, "no such object");
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                throw new CorruptObjectException("object " + location + " has no bytes at offset " + offset
                        + " (the object is shorter than recorded)");
            }
            throw failure(location, "read", e);
        } catch (SdkException e) {
            throw failure(location, "read", e);
        }
    }

    @Override
    public Optional<Long> size(ObjectLocation location) throws IOException {
        return head(location).map(HeadObjectResponse::contentLength);
    }

    @Override
    public Optional<Long> lastModified(ObjectLocation location) throws IOException {
        return head(location).map(h -> h.lastModified().toEpochMilli());
    }

    @Override
    public List<String> list(ObjectLocation location) throws IOException {
        String prefix = location.prefix();
        TreeSet<String> names = new TreeSet<>();
        try {
            s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(prefix).delimiter("/")).forEach(page -> {
                for (S3Object o : page.contents()) {
                    names.add(o.key().substring(prefix.length()));
                }
                for (CommonPrefix p : page.commonPrefixes()) {
                    String name = p.prefix().substring(prefix.length());
                    names.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
                }
            });
        } catch (SdkException e) {
            throw failure(location, "list", e);
        }
        names.remove("");
        return new ArrayList<>(names);
    }

    @Override
    public boolean delete(ObjectLocation location) throws IOException {
        if (size(location).isEmpty()) {
            return false;
        }
        call(location, "delete", () -> s3.deleteObject(b -> b.bucket(location.bucket()).key(location.key())));
        return true;
    }

    @Override
    public void deleteAll(ObjectLocation location) throws IOException {
        List<ObjectIdentifier> keys = new ArrayList<>();
        try {
            s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(location.prefix())).forEach(page -> {
                for (S3Object o : page.contents()) {
                    keys.add(ObjectIdentifier.builder().key(o.key()).build());
                }
            });
        } catch (SdkException e) {
            throw failure(location, "list", e);
        }
        if (!location.key().isEmpty()) {
            keys.add(ObjectIdentifier.builder().key(location.key()).build());
        }
        for (int i = 0; i < keys.size(); i += DELETE_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(i, Math.min(keys.size(), i + DELETE_BATCH));
            if (!batchDeletes) {
                deleteOneByOne(location, batch);
                continue;
            }
            software.amazon.awssdk.services.s3.model.DeleteObjectsResponse result;
            try {
                result = s3.deleteObjects(b -> b.bucket(location.bucket()).delete(d -> d.objects(batch).quiet(true)));
            } catch (S3Exception e) {
                if (e.statusCode() != 501) {
                    throw failure(location, "delete the objects below", e);
                }
                // Some S3-compatible servers (S3Proxy's filesystem backend) do not implement DeleteObjects.
                batchDeletes = false;
                deleteOneByOne(location, batch);
                continue;
            } catch (SdkException e) {
                throw failure(location, "delete the objects below", e);
            }
            if (result.hasErrors() && !result.errors().isEmpty()) {
                throw new IOException("deleting below " + location + " failed for " + result.errors().size()
                        + " objects, e.g. " + result.errors().get(0).key() + ": " + result.errors().get(0).message());
            }
        }
    }

    private void deleteOneByOne(ObjectLocation location, List<ObjectIdentifier> keys) throws IOException {
        for (ObjectIdentifier k : keys) {
            call(location, "delete below", () -> s3.deleteObject(b -> b.bucket(location.bucket()).key(k.key())));
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    // ---- helpers

    private static PutObjectRequest.Builder putRequest(ObjectLocation location, byte[] bytes) {
        return PutObjectRequest.builder().bucket(location.bucket()).key(location.key())
                .metadata(Map.of(CRC_METADATA, crcHex(bytes)));
    }

    private static void verify(ObjectLocation location, Map<String, String> metadata, String actualCrc, long read,
            Long expectedLength) throws CorruptObjectException {
        if (expectedLength != null && read != expectedLength) {
            throw new CorruptObjectException("object " + location + " was cut short: read " + read + " of "
                    + expectedLength + " bytes");
        }
        String recorded = metadata.get(CRC_METADATA);
        if (recorded == null) {
            throw new CorruptObjectException("object " + location + " has no recorded checksum ('" + CRC_METADATA
                    + "' metadata): it was not written by Ebbflow, or the store dropped its metadata");
        }
        if (!recorded.equalsIgnoreCase(actualCrc)) {
            throw new CorruptObjectException("object " + location + " is corrupt: its CRC-32C is " + actualCrc
                    + ", written as " + recorded);
        }
    }

    static String crcHex(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return Long.toHexString(crc.getValue());
    }

    private static String crcHex(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, n);
            }
        }
        return Long.toHexString(crc.getValue());
    }

    private interface S3Call<T> {
        T run();
    }

    private static <T> T call(ObjectLocation location, String what, S3Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (SdkException e) {
            throw failure(location, what, e);
        }
    }

    private static IOException failure(ObjectLocation location, String what, SdkException e) {
        return new IOException("could not " + what + " " + location + ": " + e.getMessage(), e);
    }
}
