package io.ebbflow.core.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP front of a real server that answers the first {@code failures} connections itself with HTTP 503 (an S3
 * "SlowDown" error) and passes every later connection through unchanged, byte for byte (so request signatures
 * stay valid). Counts the connections it saw.
 */
final class FlakyFront implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final AtomicInteger failuresLeft;
    private final AtomicInteger connections = new AtomicInteger();

    FlakyFront(int targetPort, int failures) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.failuresLeft = new AtomicInteger(failures);
        Thread acceptor = new Thread(this::accept, "flaky-front");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                if (failuresLeft.getAndDecrement() > 0) {
                    refuse(client);
                } else {
                    Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    pipe(client.getInputStream(), target.getOutputStream(), client, target);
                    pipe(target.getInputStream(), client.getOutputStream(), client, target);
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Reads the request's head and answers 503 with a SlowDown error, closing the connection. */
    private static void refuse(Socket client) throws IOException {
        try (client) {
            InputStream in = client.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            for (int b; matched < 4 && (b = in.read()) >= 0; ) {
                head.write(b);
                matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
            }
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                    + "<Message>Please reduce your request rate.</Message></Error>").getBytes(StandardCharsets.UTF_8);
            OutputStream out = client.getOutputStream();
            out.write(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/xml\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        }
    }

    private static void pipe(InputStream from, OutputStream to, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            try {
                from.transferTo(to);
            } catch (IOException ignored) {
                // the other side closed
            } finally {
                try {
                    a.close();
                    b.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }, "flaky-front-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
