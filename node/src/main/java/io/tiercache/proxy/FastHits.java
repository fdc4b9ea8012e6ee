package io.tiercache.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AsciiString;
import io.netty.util.AttributeKey;
import io.tiercache.config.StatusDetail;
import io.tiercache.policy.CacheStrategy;
import io.tiercache.policy.ClientDirectives;
import io.tiercache.policy.CurrentAge;
import io.tiercache.policy.NormalisedPath;
import io.tiercache.policy.Reuse;
import io.tiercache.store.CacheLocation;
import io.tiercache.store.CachedResponse;
import io.tiercache.store.PreparedResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The hit path below Vert.x. A plain GET or HEAD whose response is fresh in this node's hot tier is
 * answered from the connection's pipeline, right after the request decoder, with pre-encoded bytes
 * (status line and stored fields rendered once per hot copy, Age and Cache-Status once per second),
 * before Vert.x builds its request and response objects. So is a plain request for a stale copy
 * while its refresh runs on this node (UPDATING): a burst of stale requests costs what a burst of
 * fresh hits does. Anything else goes on to Vert.x untouched, and so does every request while one
 * handed to Vert.x on this connection is unanswered, which keeps pipelined responses in order.
 *
 * <p>What counts as plain is what RECV, LOOKUP and DELIVER would answer the same way without asking
 * anything they would ask: HTTP/1.1, no body, no Range, no conditional or client cache directives,
 * no connection options, a route that caches with the default key and that no bypass header or
 * cookie of the request matches, a hot copy stored under the URL's own key (no Vary), fresh or
 * being refreshed here.
 */
final class FastHits extends ChannelInboundHandlerAdapter {

    static final String NAME = "tiercacheFastHits";
    private static final AttributeKey<FastHits> KEY = AttributeKey.valueOf("tiercache.fastHits");
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] AGE = "Age: ".getBytes(StandardCharsets.US_ASCII);
    /** "X-Cache-Status: OUTCOME" and the start of the Cache-Status line, by {@link CacheOutcome} ordinal. */
    private static final byte[][] STATUS_LINES_HEAD = java.util.Arrays.stream(CacheOutcome.values())
            .map(outcome -> (Transmit.X_CACHE_STATUS + ": " + outcome.name() + "\r\n" + Transmit.CACHE_STATUS + ": ")
                    .getBytes(StandardCharsets.US_ASCII))
            .toArray(byte[][]::new);
    private static final byte[] VIA_AND_LENGTH = ("\r\n" + Transmit.VIA + ": " + Transmit.VIA_VALUE + "\r\ncontent-length: ")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = {'\r', '\n', '\r', '\n'};

    /** Request fields that make a request anything but plain; checked by their hashed names. */
    private static final List<AsciiString> NOT_PLAIN = List.of("Content-Length", "Transfer-Encoding", "Connection",
                    "Expect", "Upgrade", "Range", "If-Range", "Cache-Control", "Pragma", "If-Match", "If-None-Match",
                    "If-Modified-Since", "If-Unmodified-Since", "X-Forwarded-Proto", RefreshAuthorization.INTERNAL_HEADER,
                    RefreshAuthorization.WARM_UP_HEADER)
            .stream().map(AsciiString::cached).toList();
    private static final AsciiString HOST = AsciiString.cached("Host");

    private final ProxyNode node;
    /**
     * Vert.x's keep-alive timer. It sits after this handler, so it never sees the requests answered
     * here: each answer tells it the connection is in use, or a client served only from here would
     * be cut off after {@code node.keepalive-timeout} however busy it was.
     */
    private final IdleStateHandler idle;
    /** {@code cache.status-detail: minimal}: this cache's Cache-Status entry goes out without its detail. */
    private final boolean minimalStatus;
    /** Requests handed to Vert.x on this connection whose responses have not ended. */
    private int handedOn;
    /** The request just answered here: its (empty) content is dropped. */
    private boolean dropping;

    private FastHits(ProxyNode node, IdleStateHandler idle) {
        this.node = node;
        this.idle = idle;
        this.minimalStatus = node.config().cache().statusDetail() == StatusDetail.MINIMAL;
    }

    /** Installs on a new HTTP/1.x connection, after the decoder and before the encoder. */
    static void install(HttpConnection connection, ProxyNode node) {
        if (connection instanceof ConnectionBase base) {
            ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
            if (pipeline.get(StrictRequestDecoder.DECODER) != null) {
                FastHits handler = new FastHits(node, pipeline.get(IdleStateHandler.class));
                String after = pipeline.get("headerDeadlineHeads") != null ? "headerDeadlineHeads" : StrictRequestDecoder.DECODER;
                pipeline.addAfter(after, NAME, handler);
                pipeline.channel().attr(KEY).set(handler);
            }
        }
    }

    /** A response Vert.x wrote on this connection has ended (or the connection closed under it). */
    static void responded(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            FastHits handler = base.channel().attr(KEY).get();
            if (handler != null && handler.handedOn > 0) {
                handler.handedOn--;
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof HttpRequest request) {
            if (handedOn == 0 && served(ctx, request)) {
                dropping = true;
                return;
            }
            handedOn++;
        } else if (dropping && message instanceof HttpContent content) {
            content.release();
            dropping = !(message instanceof LastHttpContent);
            return;
        }
        ctx.fireChannelRead(message);
    }

    /**
     * Answers the request here if it is a plain fresh hit, or a plain request for a stale copy
     * (stale-while-revalidate, soft-purged) whose refresh already runs on this node: UPDATING, as
     * the full path would answer it, with no lease asked and no refresh started. False leaves it to
     * Vert.x.
     */
    private boolean served(ChannelHandlerContext ctx, HttpRequest request) {
        long started = System.nanoTime();
        HttpMethod method = request.method();
        if (request.decoderResult().isFailure() || (method != HttpMethod.GET && method != HttpMethod.HEAD)
                || request.protocolVersion() != HttpVersion.HTTP_1_1) {
            return false;
        }
        MultiMap headers = (MultiMap) request.headers();
        for (AsciiString field : NOT_PLAIN) {
            if (headers.contains(field)) {
                return false;
            }
        }
        String uri = request.uri();
        List<String> hosts = headers.getAll(HOST);
        if (uri.isEmpty() || uri.charAt(0) != '/' || hosts.size() != 1) {
            return false;
        }
        String host = RequestTarget.normaliseAuthority(hosts.get(0).trim());
        if (host == null) {
            return false;
        }
        int queryAt = uri.indexOf('?');
        NormalisedPath path;
        try {
            path = NormalisedPath.of(queryAt < 0 ? uri : uri.substring(0, queryAt));
        } catch (NormalisedPath.Invalid unservable) {
            return false;
        }
        Route route = node.routes().match(path);
        if (!route.servesPlainHits() || route.bypasses(headers)) {
            return false;
        }
        String pathQuery = queryAt < 0 ? path.path() : path.path() + uri.substring(queryAt);
        String url = "http://" + host + pathQuery;
        PreparedResponse prepared = node.store().hotUnvaried(new CacheLocation(url, url, host, path.path(), pathQuery));
        if (prepared == null) {
            return false;
        }
        CachedResponse response = prepared.response();
        long now = node.store().now();
        long age = response.ageMillis(now);
        int status = response.status();
        // A sliced object's head holds no body: its answer is assembled from slices on the full path.
        if (status < 200 || status == 204 || status == 304 || response.slices() != null) {
            return false;
        }
        Reuse reuse = CacheStrategy.forStored(response, response.headers(), age, ClientDirectives.NONE, Long.MAX_VALUE)
                .reuse();
        CacheStatus answer;
        if (reuse == Reuse.FRESH) {
            answer = CacheStatus.hit(CacheStatus.ttlSeconds(response, now));
        } else if (reuse == Reuse.STALE_WHILE_REVALIDATE) {
            if (!node.fills().refreshing(response.storageKey(), response.responseTimeMillis())) {
                // This request goes the full path and starts the refresh; those read before it gets there need not.
                node.fills().refreshStarting(response.storageKey());
                return false;
            }
            answer = CacheStatus.whileRevalidating(response, false, now);
        } else {
            return false;
        }
        // Counted before the bytes go out: whoever reads the figures after the answer sees this hit in them.
        node.countFastHit();
        if (idle != null) {
            idle.resetReadTimeout();
            idle.resetWriteTimeout();
        }
        long written = write(ctx, prepared, answer, minimalStatus, CurrentAge.headerSeconds(age), method == HttpMethod.HEAD);
        logged(ctx, method, uri, status, route, written, started, answer);
        return true;
    }

    /** Status line and stored fields (rendered once per hot copy), Age, this cache's fields, length, body. */
    private static long write(ChannelHandlerContext ctx, PreparedResponse prepared, CacheStatus answer,
                              boolean minimalStatus, long ageSeconds, boolean head) {
        byte[] stored = prepared.encodedHead();
        String cacheStatus = minimalStatus ? CacheStatus.withoutDetail(answer.header()) : answer.header();
        CharSequence length = prepared.contentLength();
        ByteBuf out = ctx.alloc().directBuffer(stored.length + 96 + cacheStatus.length());
        out.writeBytes(stored);
        out.writeBytes(AGE);
        writeNumber(out, ageSeconds);
        out.writeBytes(CRLF);
        out.writeBytes(STATUS_LINES_HEAD[answer.outcome().ordinal()]);
        out.writeCharSequence(cacheStatus, StandardCharsets.US_ASCII);
        out.writeBytes(VIA_AND_LENGTH);
        out.writeCharSequence(length, StandardCharsets.US_ASCII);
        out.writeBytes(END);
        long written = out.readableBytes();
        if (head) {
            ctx.writeAndFlush(out);
            return written;
        }
        ByteBuf body = prepared.bodyBytes();
        ctx.write(out);
        // The hot copy's body serves every hit: Netty must not release it after this write.
        ctx.writeAndFlush(Unpooled.unreleasableBuffer(body.duplicate()));
        return written + body.readableBytes();
    }

    private static void writeNumber(ByteBuf out, long value) {
        if (value < 10) {
            out.writeByte('0' + (int) value);
        } else {
            out.writeCharSequence(Long.toString(value), StandardCharsets.US_ASCII);
        }
    }

    private void logged(ChannelHandlerContext ctx, HttpMethod method, String uri, int status, Route route, long bytes,
                        long started, CacheStatus answer) {
        RequestLog log = node.requestLog();
        long totalMicros = (System.nanoTime() - started) / 1000;
        boolean detailed = log.detailed();
        log.completed(new RequestLog.Entry(detailed ? System.currentTimeMillis() - totalMicros / 1000 : 0,
                detailed ? clientIp(ctx) : null, method.name(), uri, status, answer.outcome(), route.name(), bytes,
                totalMicros, -1, detailed ? answer.header() : null, false));
    }

    private static String clientIp(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress().getHostAddress() : "unknown";
    }
}
