package io.ebbflow.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Key and trust stores made by the JDK's {@code keytool} when a test runs (no private key is ever committed):
 * {@link #cluster} is what every service of a TLS cluster uses, {@link #stranger} a certificate the cluster does
 * not trust. PKCS12 stores; every password is {@link #PASSWORD}. Certificates name 127.0.0.1 and localhost.
 */
public final class TestCertificates {

    public static final String PASSWORD = "test-store-pass";

    /** A key store with one key pair and its certificate, and a trust store holding that certificate. */
    public record Stores(Path keyStore, Path trustStore) {

        /** The {@code -D} options giving a service these stores for its internal channels. */
        public List<String> internalOptions() {
            return List.of("-Dsecurity.ssl.internal.enabled=true", "-Dsecurity.ssl.internal.keystore=" + keyStore,
                    "-Dsecurity.ssl.internal.keystore-password=" + PASSWORD,
                    "-Dsecurity.ssl.internal.truststore=" + trustStore,
                    "-Dsecurity.ssl.internal.truststore-password=" + PASSWORD);
        }
    }

    private TestCertificates() {
    }

    /** The cluster's stores, in {@code dir/cluster-*.p12}. */
    public static Stores cluster(Path dir) throws IOException, InterruptedException {
        return make(dir, "cluster");
    }

    /** A certificate of its own, which the cluster's trust store does not hold, in {@code dir/stranger-*.p12}. */
    public static Stores stranger(Path dir) throws IOException, InterruptedException {
        return make(dir, "stranger");
    }

    /** A client's TLS context presenting {@code identity}'s certificate and trusting {@code trusted}'s trust store. */
    public static javax.net.ssl.SSLContext sslContext(Stores identity, Stores trusted) throws Exception {
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(identity.keyStore())) {
            keys.load(in, PASSWORD.toCharArray());
        }
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(trusted.trustStore())) {
            trust.load(in, PASSWORD.toCharArray());
        }
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD.toCharArray());
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ssl;
    }

    /** A TLS client that trusts any server but has no certificate of its own. */
    public static javax.net.ssl.SSLContext noCertificate() throws Exception {
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        return ssl;
    }

    /**
     * Whether a TLS connection to {@code 127.0.0.1:port} presenting what {@code ssl} holds is still open 2 s after its
     * handshake: a server that refuses the client's certificate closes it at once with an alert.
     */
    public static boolean stillOpen(int port, javax.net.ssl.SSLContext ssl) throws IOException {
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) ssl.getSocketFactory().createSocket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(2_000);
            socket.startHandshake();
            return socket.getInputStream().read() >= 0;
        } catch (java.net.SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Stores make(Path dir, String name) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path keyStore = dir.resolve(name + "-keystore.p12");
        Path trustStore = dir.resolve(name + "-truststore.p12");
        Path cert = dir.resolve(name + ".crt");
        Files.deleteIfExists(keyStore);
        Files.deleteIfExists(trustStore);
        Files.deleteIfExists(cert);
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-validity", "2", "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", name, "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", name, "-file", cert.toString(), "-keystore", trustStore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD);
        return new Stores(keyStore, trustStore);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
