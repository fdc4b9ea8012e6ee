package io.tiercache.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's client connections, counted across its event loops: at most {@code node.max-connections}
 * are open, so that idle sockets cannot use up the process's file descriptors (which would stall
 * accept for everyone). A connection over the limit is answered 503 at once, without waiting for
 * its request: reading a request would let a slow client hold the descriptor for the header
 * timeout, which is what the limit is there to prevent. An HTTP/1.1 client reads the answer when it
 * has written its request.
 */
final class ClientConnections {

    /**
     * How long a turned-away connection stays open after its 503, reading and dropping what the
     * client sends: closing with unread bytes would reset the connection, and the client could
     * lose the 503 before reading it.
     */
    static final long LINGER_MILLIS = 1000;

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter rejected;

    ClientConnections(int max, MeterRegistry registry) {
        this.max = max;
        Gauge.builder("tiercache.connections.open", open, AtomicInteger::get)
                .description("Client connections open on the proxy port").register(registry);
        this.rejected = Counter.builder("tiercache.connections.rejected")
                .description("Client connections turned away with 503 because node.max-connections were open")
                .register(registry);
    }

    /**
     * Counts a new connection, before it has read a byte, or turns it away when the limit is reached.
     *
     * @return whether the connection is admitted
     */
    boolean admit(HttpConnection connection) {
        if (!(connection instanceof ConnectionBase base)) {
            return true;
        }
        Channel channel = base.channelHandlerContext().channel();
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            rejected.increment();
            turnAway(channel);
            return false;
        }
        channel.closeFuture().addListener(closed -> open.decrementAndGet());
        return true;
    }

    private static void turnAway(Channel channel) {
        channel.pipeline().addFirst(new Discard());
        CacheStatus status = CacheStatus.bypass(CacheStatus.Fwd.REQUEST, "too many connections");
        channel.pipeline().firstContext()
                .writeAndFlush(InvalidRequest.closingAnswer(503, "Service Unavailable", "too many connections", status))
                .addListener(written -> {
                    if (written.isSuccess() && channel instanceof DuplexChannel duplex) {
                        duplex.shutdownOutput();
                        channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
                    } else {
                        channel.close();
                    }
                });
    }

    /** Drops whatever a turned-away client sends; nothing on the connection is served. */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            ReferenceCountUtil.release(message);
        }
    }
}
