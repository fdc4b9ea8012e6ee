package io.tiercache.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tiercache.policy.HopByHop;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Interim (1xx) responses from the origin, relayed to the client that is waiting on that exchange
 * as they arrive (RFC 9110 §15.2: a proxy forwards the 1xx it did not ask for). They are never
 * stored and their fields never join the final response.
 *
 * <p>Vert.x 5 hands a client only 100 and 103 from an origin, and writes only those to a client.
 * The other codes (102, 104, ...) travel its 103 path with their status in an internal field:
 * {@link #carried} puts them there as the origin codec reads them, and the handler
 * {@link #install}ed on client connections restores the status as the response is written.
 * 100 Continue is not relayed: the node answers a client's {@code Expect: 100-continue} itself and
 * never forwards the expectation (it reads the body before it contacts the origin), so an origin's
 * 100 would answer nothing the client asked.
 */
final class InterimResponses {

    /** Carries a 1xx status other than 103 through Vert.x; never sent on the wire. */
    static final String STATUS_FIELD = "x-tiercache-interim-status";

    private static final String HANDLER = "interimStatus";
    private static final String ENCODER = "httpEncoder";

    private InterimResponses() {
    }

    /**
     * What to do with the interim responses of an exchange made for this request, or null when it
     * may not get any: RFC 9110 §15.2 forbids sending a 1xx to an HTTP/1.0 client.
     */
    static Handler<MultiMap> relayTo(HttpServerRequest request) {
        return request.version() == HttpVersion.HTTP_1_0 ? null : fields -> relay(request.response(), fields);
    }

    private static void relay(HttpServerResponse out, MultiMap origin) {
        if (out.headWritten() || out.ended() || out.closed()) {
            return;
        }
        Set<String> connectionTokens = HopByHop.connectionTokens(new VertxHeaders(origin));
        MultiMap fields = HttpHeaders.headers();
        for (Map.Entry<String, String> field : origin) {
            String name = field.getKey().toLowerCase(Locale.ROOT);
            if (!HopByHop.isHopByHop(name, connectionTokens) && !name.equals("content-length")) {
                fields.add(field.getKey(), field.getValue());
            }
        }
        out.writeEarlyHints(fields);
    }

    /**
     * As the origin codec reads it: a 103 loses any field of ours an origin sent; another 1xx
     * becomes a 103 that carries its status, which Vert.x would otherwise take for the final response.
     */
    static HttpResponse carried(HttpResponse interim) {
        int code = interim.status().code();
        if (code == 100 || code == 101) {
            return interim;
        }
        interim.headers().remove(STATUS_FIELD);
        if (code == 103) {
            return interim;
        }
        HttpResponse carrier = new DefaultHttpResponse(interim.protocolVersion(), HttpResponseStatus.EARLY_HINTS,
                interim.headers());
        carrier.headers().set(STATUS_FIELD, Integer.toString(code));
        return carrier;
    }

    /** Restores carried statuses on a new client connection, before anything is written on it. */
    static void install(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
            if (pipeline.get(ENCODER) != null && pipeline.get(HANDLER) == null) {
                pipeline.addAfter(ENCODER, HANDLER, new StatusRestorer());
            }
        }
    }

    /** Sits before the response encoder: a carried status goes on the wire as the origin sent it. */
    private static final class StatusRestorer extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) throws Exception {
            if (message instanceof HttpResponse response && response.status().code() == 103) {
                String carried = response.headers().get(STATUS_FIELD);
                if (carried != null) {
                    response.headers().remove(STATUS_FIELD);
                    response.setStatus(HttpResponseStatus.valueOf(Integer.parseInt(carried)));
                }
            }
            ctx.write(message, promise);
        }
    }
}
