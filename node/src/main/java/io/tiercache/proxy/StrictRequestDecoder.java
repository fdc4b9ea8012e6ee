package io.tiercache.proxy;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Vert.x's request decoder, except that a request carrying both Content-Length and
 * Transfer-Encoding is rejected (400) instead of being forwarded with Content-Length removed.
 * RFC 9112 §6.3 says such a message "ought to be handled as an error": it is the classic request
 * smuggling shape, and nginx refuses it too. A request line whose version is not HTTP-version
 * syntax is rejected (400) too, where Vert.x would answer 501 with the client's bogus protocol
 * name as its status line, and so is one whose target is neither a path nor an absolute URI,
 * which Vert.x would pass on and the cache would key as the Host followed by whatever came.
 * {@link RequestFraming} refuses bodies that could be framed differently downstream (transfer
 * codings other than a final chunked, a body on GET or HEAD) before a byte of the body is read.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

    static final String DECODER = "httpDecoder";

    StrictRequestDecoder(HttpServerOptions options) {
        super(options);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new IllegalArgumentException("request has both Content-Length and Transfer-Encoding");
    }

    /**
     * Netty calls this once per message, after the head is parsed and before the body is framed: the
     * one place where a refusal leaves the body unread (the decoder then discards the connection's
     * remaining bytes).
     */
    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage message) {
        if (message instanceof HttpRequest request) {
            RequestFraming.check(request);
        }
        return super.isContentAlwaysEmpty(message);
    }

    /** RFC 9112 §3: an invalid request-line gets 400. */
    @Override
    protected HttpMessage createMessage(String[] initialLine) {
        if (!isHttpVersion(initialLine[2])) {
            throw new IllegalArgumentException("malformed HTTP version in the request line");
        }
        boolean asteriskForm = initialLine[1].equals("*") && initialLine[0].equals("OPTIONS");
        if (!asteriskForm && !isOriginOrAbsoluteForm(initialLine[1])) {
            throw new IllegalArgumentException("the request target is neither a path nor an absolute URI");
        }
        return super.createMessage(initialLine);
    }

    /** RFC 9112 §2.3: {@code HTTP/<digit>.<digit>}; HTTP-name is case-sensitive. Every request pays this: no regex. */
    static boolean isHttpVersion(String version) {
        return version.length() == 8 && version.startsWith("HTTP/") && isDigit(version.charAt(5))
                && version.charAt(6) == '.' && isDigit(version.charAt(7));
    }

    /**
     * RFC 9112 §3.2: origin-form ({@code /...}) or absolute-form ({@code scheme://...}, scheme per
     * RFC 3986 §3.1); authority-form is for CONNECT, which a cache does not serve. Neither may carry
     * a line break.
     */
    static boolean isOriginOrAbsoluteForm(String target) {
        int rest;
        if (target.startsWith("/")) {
            rest = 1;
        } else {
            if (target.isEmpty() || !isAsciiLetter(target.charAt(0))) {
                return false;
            }
            int i = 1;
            while (i < target.length() && isSchemeChar(target.charAt(i))) {
                i++;
            }
            if (!target.startsWith("://", i)) {
                return false;
            }
            rest = i + 3;
        }
        for (int i = rest; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isSchemeChar(char c) {
        return isAsciiLetter(c) || isDigit(c) || c == '+' || c == '.' || c == '-';
    }

    /** Swaps the decoder on a new HTTP/1.x connection, before it has read a byte. */
    static void install(HttpConnection connection, HttpServerOptions options) {
        if (connection instanceof ConnectionBase base) {
            ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
            if (pipeline.get(DECODER) instanceof VertxHttpRequestDecoder) {
                pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options));
            }
        }
    }
}
