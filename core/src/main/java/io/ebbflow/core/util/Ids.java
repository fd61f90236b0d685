package io.ebbflow.core.util;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random identifiers in Flink's style: 32 lowercase hex digits. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** A new 128-bit id as 32 hex digits (job ids, allocation ids, registration ids). */
    public static String random128() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** {@code n} random hex digits. */
    public static String randomHex(int n) {
        byte[] b = new byte[(n + 1) / 2];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b).substring(0, n);
    }
}
