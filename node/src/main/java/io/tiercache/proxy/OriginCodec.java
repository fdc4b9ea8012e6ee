package io.tiercache.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;

/**
 * The HTTP/1.1 codec of origin connections: Netty's, with one rule more. A response answers a
 * request only if that request was written before the response's first byte arrived. An origin
 * that sends bytes with no request outstanding (a second response to one request, or the answer to
 * a request smuggled in a body it ignored) would otherwise have them read as the answer to the next
 * request on the pooled connection, and cached under that request's key. Such a connection is
 * closed: when the bytes follow a response in the same read, that response still completes but
 * carries {@code Connection: close}, so the pool does not hand the connection on; when they arrive
 * on an idle connection, it closes at once. (Vert.x alone hands the connection to a waiting request
 * as the first response ends, before it has looked at the bytes behind it.) What arrives after the
 * next request was written cannot be told from its answer: HTTP/1.1 has no request ids. Interim
 * responses other than 100 and 103 are handed to Vert.x as 103s that carry their status
 * ({@link InterimResponses}), since Vert.x takes any other 1xx for the final response.
 */
final class OriginCodec extends CombinedChannelDuplexHandler<HttpResponseDecoder, HttpRequestEncoder> {

    private static final String CODEC = "codec";

    /** Methods of the requests written whose final response has not begun, oldest first. */
    private final Queue<HttpMethod> awaiting = new ArrayDeque<>();
    /** The response being received, from its head to its last content; null between responses. */
    private HttpResponse receiving;
    /** Bytes came with no request outstanding: nothing more is read from this connection. */
    private boolean poisoned;

    private OriginCodec(HttpDecoderConfig config) {
        init(new ResponseDecoder(config), new RequestEncoder());
    }

    /** Swaps Vert.x's client codec on a new origin connection, before a request is written on it. */
    static void install(HttpConnection connection, HttpClientOptions options) {
        if (connection instanceof ConnectionBase base) {
            ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
            if (pipeline.get(CODEC) instanceof HttpClientCodec) {
                pipeline.replace(CODEC, CODEC, new OriginCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(options.getMaxInitialLineLength())
                        .setMaxHeaderSize(options.getMaxHeaderSize())
                        .setMaxChunkSize(options.getMaxChunkSize())
                        .setInitialBufferSize(options.getDecoderInitialBufferSize())));
            }
        }
    }

    private final class ResponseDecoder extends HttpResponseDecoder {

        ResponseDecoder(HttpDecoderConfig config) {
            super(config);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
            if (!poisoned && receiving == null && awaiting.isEmpty() && buffer.isReadable()) {
                poisoned = true;
            }
            if (poisoned) {
                buffer.skipBytes(buffer.readableBytes());
                ctx.close();
                return;
            }
            int before = out.size();
            super.decode(ctx, buffer, out);
            for (int i = before; i < out.size(); i++) {
                Object message = out.get(i);
                if (message instanceof HttpResponse response && isInterim(response)) {
                    out.set(i, InterimResponses.carried(response));
                } else if (message instanceof HttpResponse response) {
                    receiving = response;
                }
                if (message instanceof LastHttpContent) {
                    endResponse(buffer);
                }
            }
        }

        /**
         * Runs before the last content is handed to Vert.x, which may give the connection to a
         * waiting request at once: bytes behind it now were sent before that request was written.
         */
        private void endResponse(ByteBuf buffer) {
            HttpResponse ended = receiving;
            receiving = null;
            if (ended != null && awaiting.isEmpty() && buffer.isReadable()) {
                poisoned = true;
                ended.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
        }

        /** The request's method decides whether its response has content (RFC 9110 §9.3.2: HEAD has none). */
        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage message) {
            if (isInterim((HttpResponse) message)) {
                return super.isContentAlwaysEmpty(message);
            }
            HttpMethod method = awaiting.poll();
            return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(message);
        }
    }

    /** RFC 9110 §15.2: an interim response; the request still awaits its final one (101 ends the exchange). */
    private static boolean isInterim(HttpResponse response) {
        int status = response.status().code();
        return status >= 100 && status < 200 && status != 101;
    }

    private final class RequestEncoder extends HttpRequestEncoder {

        @Override
        protected void encode(ChannelHandlerContext ctx, Object message, List<Object> out) throws Exception {
            if (message instanceof HttpRequest request) {
                awaiting.add(request.method());
            }
            super.encode(ctx, message, out);
        }
    }
}
