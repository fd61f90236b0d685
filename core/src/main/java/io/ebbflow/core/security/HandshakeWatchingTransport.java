package io.ebbflow.core.security;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.spi.transport.Transport;
import java.net.SocketAddress;
import java.util.concurrent.ThreadFactory;

/**
 * Vert.x's NIO transport, except that every TLS server's connections get a handler right behind their SSL handler
 * that tells a {@link TlsHandshakeWatch} when the handshake failed. Vert.x hands each server's bootstrap to its
 * transport after it has set the connection initializer, which is the one place a listener whose options we do not
 * control (the clustered event bus's) can be reached; everything else is the NIO transport's.
 */
final class HandshakeWatchingTransport implements io.vertx.core.transport.Transport {

    /** The name of Vert.x's SSL handler in a server connection's pipeline, behind which the watcher goes. */
    private static final String SSL_HANDLER = "ssl";

    private final TlsHandshakeWatch watch;
    private final Transport nio = io.vertx.core.transport.Transport.NIO.implementation();

    HandshakeWatchingTransport(TlsHandshakeWatch watch) {
        this.watch = watch;
    }

    @Override
    public String name() {
        return io.vertx.core.transport.Transport.NIO.name();
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public Throwable unavailabilityCause() {
        return null;
    }

    @Override
    public Transport implementation() {
        return new Implementation();
    }

    /** Everything delegated to NIO but the configuration of a server's bootstrap. */
    private final class Implementation implements Transport {

        @Override
        public boolean supportsDomainSockets() {
            return nio.supportsDomainSockets();
        }

        @Override
        public boolean supportFileRegion() {
            return nio.supportFileRegion();
        }

        @Override
        public boolean isAvailable() {
            return nio.isAvailable();
        }

        @Override
        public Throwable unavailabilityCause() {
            return nio.unavailabilityCause();
        }

        @Override
        public SocketAddress convert(io.vertx.core.net.SocketAddress address) {
            return nio.convert(address);
        }

        @Override
        public io.vertx.core.net.SocketAddress convert(SocketAddress address) {
            return nio.convert(address);
        }

        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return nio.ioHandlerFactory();
        }

        @Override
        public EventLoopGroup eventLoopGroup(int type, int nThreads, ThreadFactory threadFactory, int ioRatio) {
            return nio.eventLoopGroup(type, nThreads, threadFactory, ioRatio);
        }

        @Override
        public DatagramChannel datagramChannel() {
            return nio.datagramChannel();
        }

        @SuppressWarnings("deprecation")
        @Override
        public DatagramChannel datagramChannel(io.netty.channel.socket.InternetProtocolFamily family) {
            return nio.datagramChannel(family);
        }

        @Override
        public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
            return nio.channelFactory(domainSocket);
        }

        @Override
        public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
            return nio.serverChannelFactory(domainSocket);
        }

        @Override
        public void configure(DatagramChannel channel, DatagramSocketOptions options) {
            nio.configure(channel, options);
        }

        @Override
        public void configure(ClientOptionsBase options, int connectTimeout, boolean domainSocket, Bootstrap bootstrap) {
            nio.configure(options, connectTimeout, domainSocket, bootstrap);
        }

        @Override
        public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
            nio.configure(options, domainSocket, bootstrap);
            ChannelHandler initializer = bootstrap.config().childHandler();
            if (options.isSsl() && initializer != null) {
                bootstrap.childHandler(new Watching(initializer));
            }
        }
    }

    /** Runs Vert.x's initializer of a connection, then puts the watcher behind the SSL handler it added. */
    @ChannelHandler.Sharable
    private final class Watching extends ChannelInitializer<Channel> {

        private final ChannelHandler vertxInitializer;

        Watching(ChannelHandler vertxInitializer) {
            this.vertxInitializer = vertxInitializer;
        }

        @Override
        protected void initChannel(Channel ch) {
            ch.pipeline().addLast(vertxInitializer);
            if (ch.pipeline().get(SSL_HANDLER) != null) {
                ch.pipeline().addAfter(SSL_HANDLER, "ebbflow-handshake-watch", new Watcher());
            }
        }
    }

    /** Hears the end of one connection's handshake, tells the watch if it failed, and leaves the pipeline. */
    private final class Watcher extends ChannelInboundHandlerAdapter {

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof SslHandshakeCompletionEvent done) {
                if (!done.isSuccess()) {
                    watch.failed(ctx.channel().localAddress(), ctx.channel().remoteAddress(), done.cause());
                }
                ctx.fireUserEventTriggered(event);
                if (ctx.pipeline().context(this) != null) {
                    ctx.pipeline().remove(this);
                }
                return;
            }
            ctx.fireUserEventTriggered(event);
        }
    }
}
