package io.tiercache.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;

import java.nio.charset.StandardCharsets;

/**
 * Requests the HTTP decoder rejected (over-long URI or headers, malformed request line, framing
 * errors): a short answer, the connection closed, and nothing forwarded or stored.
 */
final class InvalidRequest {

    private InvalidRequest() {
    }

    static void handle(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        if (cause instanceof TooLongHttpLineException) {
            answer(request, 414, "URI Too Long");
        } else if (cause instanceof TooLongHttpHeaderException) {
            answer(request, 431, "Request Header Fields Too Large");
        } else if (cause instanceof RequestFraming.NotImplemented) {
            answer(request, 501, "Not Implemented: " + describe(cause));
        } else {
            answer(request, 400, "Bad Request: " + describe(cause));
        }
    }

    private static void answer(HttpServerRequest request, int code, String reason) {
        HttpServerResponse response = request.response();
        Transmit.synthetic(response, code, reason, CacheStatus.bypass(CacheStatus.Fwd.REQUEST, "invalid request"), true)
                .onComplete(ignored -> request.connection().close());
    }

    /**
     * A request whose body broke off or could not be decoded (a malformed chunk): Vert.x closes the
     * connection at once, before its batched writes are flushed, so the short 400 is written
     * straight to the socket instead. The origin has not been contacted: bodies are read first.
     */
    static void rejectBrokenBody(HttpServerRequest request, CacheStatus status) {
        if (request.response().headWritten() || !(request.connection() instanceof ConnectionBase connection)) {
            request.connection().close();
            return;
        }
        ChannelPipeline pipeline = connection.channelHandlerContext().pipeline();
        pipeline.firstContext().writeAndFlush(closingAnswer(400, "Bad Request", "malformed request body", status))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * A short answer with {@code Connection: close}, as bytes to write straight to a socket, for
     * connections the node drops without going through Vert.x's response.
     */
    static ByteBuf closingAnswer(int code, String reason, String detail, CacheStatus status) {
        String body = code + " " + reason + ": " + detail + "\n";
        String head = "HTTP/1.1 " + code + " " + reason + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length() + "\r\n"
                + "Cache-Control: no-store\r\n"
                + "Connection: close\r\n"
                + Transmit.X_CACHE_STATUS + ": " + status.outcome().name() + "\r\n"
                + Transmit.CACHE_STATUS + ": " + status.header() + "\r\n"
                + Transmit.VIA + ": " + Transmit.VIA_VALUE + "\r\n\r\n";
        return Unpooled.copiedBuffer(head + body, StandardCharsets.US_ASCII);
    }

    private static String describe(Throwable cause) {
        if (cause == null || cause.getMessage() == null) {
            return "malformed request";
        }
        String message = cause.getMessage();
        return message.length() > 120 ? message.substring(0, 120) : message;
    }
}
