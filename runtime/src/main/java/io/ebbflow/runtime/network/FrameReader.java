package io.ebbflow.runtime.network;

import io.ebbflow.core.security.SecurityRefusals;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.function.Consumer;

/**
 * Splits a data connection's byte stream into {@link Frames} (a 4-byte length, then the frame, its type byte first).
 * A frame that does not parse (a bad length, or one its handler rejects) means the peer does not speak the protocol:
 * the refusal is counted and logged, and the connection is closed.
 */
final class FrameReader {

    private FrameReader() {
    }

    /** Hands each frame of {@code socket} to {@code onFrame}, on the socket's event loop. */
    static void read(NetSocket socket, SecurityRefusals refusals, Consumer<Buffer> onFrame) {
        RecordParser parser = RecordParser.newFixed(4);
        boolean[] header = {true};
        boolean[] closed = {false};
        parser.handler(b -> {
            if (closed[0]) {
                return; // the rest of a buffer that came with a malformed frame
            }
            if (header[0]) {
                int len = b.getInt(0);
                if (len <= 0 || len > Frames.MAX_FRAME) {
                    closed[0] = true;
                    malformed(socket, refusals, "frame length " + len + " is invalid");
                    return;
                }
                header[0] = false;
                parser.fixedSizeMode(len);
            } else {
                header[0] = true;
                parser.fixedSizeMode(4);
                try {
                    onFrame.accept(b);
                } catch (RuntimeException e) {
                    closed[0] = true;
                    malformed(socket, refusals, e.getMessage());
                }
            }
        });
        socket.handler(parser);
    }

    /** The peer's host: refusals are logged once per host, whatever port each connection comes from. */
    static String host(NetSocket socket) {
        return socket.remoteAddress() == null ? "?" : socket.remoteAddress().hostAddress();
    }

    private static void malformed(NetSocket socket, SecurityRefusals refusals, String why) {
        refusals.refused("data", "malformed", host(socket), "closing the data connection: " + why);
        socket.close();
    }
}
