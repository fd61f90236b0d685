package io.ebbflow.core.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A job's secret: 32 random bytes made by the JobMaster that leads the job, handed only to the TaskExecutors it
 * accepted slots from (in the offer's reply) and with each deployment. It never travels as a proof: a
 * TaskExecutor proves it holds it with an HMAC-SHA256 of what it asks for ({@link #proof}), which the other side
 * checks in constant time ({@link #verify}). Used by the blob server (the job jar goes only to TaskExecutors with
 * a slot of the job) and by the data plane (a subscription to a partition must come from the partition's job).
 */
public final class JobSecret {

    /** The purpose of a blob fetch's proof; its subject is the fetching TaskExecutor's id. */
    public static final String BLOB = "blob";
    /** The purpose of a data-plane subscription's proof; its subject is the partition id and subpartition. */
    public static final String SUBSCRIBE = "subscribe";
    /** The HTTP header in which a blob fetch names the TaskExecutor it comes from. */
    public static final String TASK_EXECUTOR_HEADER = "X-Ebbflow-TaskExecutor";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] key;

    private JobSecret(byte[] key) {
        this.key = key;
    }

    /** A new random secret. */
    public static JobSecret generate() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new JobSecret(key);
    }

    /** The secret from its hex form ({@link #encoded()}); refuses anything that is not 64 hex digits. */
    public static JobSecret decode(String hex) {
        if (hex == null || hex.length() != 64) {
            throw new IllegalArgumentException("a job secret is 64 hex digits");
        }
        return new JobSecret(HEX.parseHex(hex));
    }

    /** The hex form, for the messages that hand it out. */
    public String encoded() {
        return HEX.formatHex(key);
    }

    /** HMAC-SHA256 of {@code purpose} and {@code subject}, hex. */
    public String proof(String purpose, String subject) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HEX.formatHex(mac.doFinal(subject.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** Whether {@code proof} is this secret's proof of {@code purpose} and {@code subject}, compared in constant time. */
    public boolean verify(String purpose, String subject, String proof) {
        return proof != null && MessageDigest.isEqual(proof(purpose, subject).getBytes(StandardCharsets.US_ASCII),
                proof.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "JobSecret(******)";
    }
}
