package io.tiercache.proxy;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.regex.Pattern;

/**
 * Vert.x's request decoder, except that a request carrying both Content-Length and
 * Transfer-Encoding is rejected (400) instead of being forwarded with Content-Length removed.
 * RFC 9112 §6.3 says such a message "ought to be handled as an error": it is the classic request
 * smuggling shape, and nginx refuses it too. A request line whose version is not HTTP-version
 * syntax is rejected (400) too, where Vert.x would answer 501 with the client's bogus protocol
 * name as its status line, and so is one whose target is neither a path nor an absolute URI,
 * which Vert.x would pass on and the cache would key as the Host followed by whatever came.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

    private static final String DECODER = "httpDecoder";
    /** RFC 9112 §2.3: HTTP-name is case-sensitive. */
    private static final Pattern HTTP_VERSION = Pattern.compile("HTTP/[0-9]\\.[0-9]");
    /** RFC 9112 §3.2: origin-form or absolute-form (authority-form is for CONNECT, which a cache does not serve). */
    private static final Pattern REQUEST_TARGET = Pattern.compile("/.*|[A-Za-z][A-Za-z0-9+.-]*://.*");

    StrictRequestDecoder(HttpServerOptions options) {
        super(options);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new IllegalArgumentException("request has both Content-Length and Transfer-Encoding");
    }

    /** RFC 9112 §3: an invalid request-line gets 400. */
    @Override
    protected HttpMessage createMessage(String[] initialLine) {
        if (!HTTP_VERSION.matcher(initialLine[2]).matches()) {
            throw new IllegalArgumentException("malformed HTTP version in the request line");
        }
        boolean asteriskForm = initialLine[1].equals("*") && initialLine[0].equals("OPTIONS");
        if (!asteriskForm && !REQUEST_TARGET.matcher(initialLine[1]).matches()) {
            throw new IllegalArgumentException("the request target is neither a path nor an absolute URI");
        }
        return super.createMessage(initialLine);
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
