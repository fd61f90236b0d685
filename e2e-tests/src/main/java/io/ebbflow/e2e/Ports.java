package io.ebbflow.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Random;

/** Free loopback ports for services started by a test or a benchmark. */
public final class Ports {

    private Ports() {
    }

    /**
     * {@code n} consecutive loopback ports that are free now, below the ephemeral range: for services started as
     * the README starts them (each binds the first free port of a range and probes the range for peers).
     */
    public static int freeRange(int n) throws IOException {
        Random random = new Random();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int base = 20_000 + random.nextInt(12_000 - n);
            if (allFree(base, n)) {
                return base;
            }
        }
        throw new IOException("no " + n + " consecutive free loopback ports in 20000-32000");
    }

    private static boolean allFree(int base, int n) {
        for (int port = base; port < base + n; port++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            } catch (IOException busy) {
                return false;
            }
        }
        return true;
    }
}
