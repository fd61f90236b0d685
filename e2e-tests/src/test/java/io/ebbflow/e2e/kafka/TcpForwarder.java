package io.ebbflow.e2e.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A broker address that is unreachable until {@link #open}: then it forwards every connection to the real broker.
 * Kafka clients only bootstrap through it (the broker then gives its own address), so it stands for a broker that
 * was down when the job started and came up later.
 */
final class TcpForwarder implements AutoCloseable {

    private final int port;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    /**
     * A loopback port the OS has just handed out and nothing listens on until {@link #open}: the clients see
     * "connection refused", as from a broker that is down. (Not a port of the test cluster's member list: cluster
     * members would connect to it and, once open, have their bytes forwarded to the broker.)
     */
    TcpForwarder(String target) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
        this.targetHost = target.substring(0, target.lastIndexOf(':'));
        this.targetPort = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    void open() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = s;
        Thread accept = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    Socket upstream = new Socket(targetHost, targetPort);
                    sockets.add(client);
                    sockets.add(upstream);
                    pipe(client, upstream);
                    pipe(upstream, client);
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "forwarder-accept-" + port);
        accept.setDaemon(true);
        accept.start();
    }

    private static void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: the other follows
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "forwarder-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
        sockets.forEach(TcpForwarder::closeQuietly);
    }
}
