package io.tiercache.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.concurrent.TimeUnit;

/**
 * A client must send a whole request head within {@code node.header-timeout} of its first byte (or
 * of connecting, for its first request), like nginx's client_header_timeout. A client that trickles
 * header bytes (slowloris) resets every idle timer, but not this deadline; it is answered 408 and
 * the connection closed. Between requests the keep-alive idle timeout applies instead, and while a
 * request's body is being received, the idle timeout alone.
 */
final class HeaderDeadline {

    private final Channel channel;
    private final long timeoutNanos;
    /** A request head is awaited, and must be complete by {@link #deadline}. */
    private boolean awaitingHead;
    private long deadline;
    /** A check is scheduled. One check serves many requests: arming and disarming only move the deadline. */
    private boolean checking;
    /** A request head has arrived and its body has not ended. */
    private boolean inRequest;

    private HeaderDeadline(Channel channel, long timeoutMillis) {
        this.channel = channel;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** Installs around the request decoder of a new connection, and starts the deadline of its first head. */
    static void install(HttpConnection connection, long timeoutMillis) {
        if (connection instanceof ConnectionBase base) {
            ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
            HeaderDeadline deadline = new HeaderDeadline(pipeline.channel(), timeoutMillis);
            pipeline.addBefore(StrictRequestDecoder.DECODER, "headerDeadlineBytes", deadline.new Bytes());
            pipeline.addAfter(StrictRequestDecoder.DECODER, "headerDeadlineHeads", deadline.new Heads());
            pipeline.channel().eventLoop().execute(deadline::arm);
        }
    }

    private void arm() {
        if (!awaitingHead) {
            awaitingHead = true;
            deadline = System.nanoTime() + timeoutNanos;
            if (!checking) {
                checkIn(timeoutNanos);
            }
        }
    }

    private void checkIn(long nanos) {
        checking = true;
        channel.eventLoop().schedule(this::check, nanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        checking = false;
        if (!awaitingHead || !channel.isOpen()) {
            return;
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            checkIn(left);
        } else {
            expire();
        }
    }

    private void expire() {
        CacheStatus status = CacheStatus.bypass(CacheStatus.Fwd.REQUEST, "request head too slow");
        channel.pipeline().firstContext()
                .writeAndFlush(InvalidRequest.closingAnswer(408, "Request Timeout", "the request head took too long", status))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** Before the decoder: the first byte of a request head starts its deadline. */
    private final class Bytes extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (!inRequest) {
                arm();
            }
            ctx.fireChannelRead(message);
        }
    }

    /** After the decoder: a whole head stops the deadline; the end of the request lets the next one start it. */
    private final class Heads extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (message instanceof HttpRequest) {
                awaitingHead = false;
                inRequest = true;
            }
            if (message instanceof LastHttpContent) {
                inRequest = false;
            }
            ctx.fireChannelRead(message);
        }
    }
}
