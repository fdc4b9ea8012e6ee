package io.tiercache.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.tiercache.policy.ByteRanges;
import io.tiercache.policy.CacheStrategy;
import io.tiercache.policy.ClientDirectives;
import io.tiercache.policy.Reuse;
import io.tiercache.policy.Validators;
import io.tiercache.config.StaleCondition;
import io.tiercache.store.CacheLocation;
import io.tiercache.store.CachedResponse;
import io.tiercache.store.Lookup;
import io.tiercache.store.PreparedResponse;
import io.tiercache.store.PurgeScope;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * One client request, as a state machine in the manner of Varnish's cache_req_fsm.c. Each step is
 * a small method that returns the next step, or null when it continues asynchronously or has
 * answered. Every asynchronous continuation re-enters through {@link #resume}, the one guarded
 * boundary: a failure anywhere ends in an answer (500, or a cut connection once the head is out),
 * and {@link #finish} always runs once the response is over.
 *
 * <pre>
 * RECV ──► LOOKUP ──► (hot tier) ──────────────────────────► DELIVER      fresh or stale hit
 *   │         └──► LOOKUP_SHARED ──► DELIVER                              hit in the shared map
 *   │                    │      └──► SLICES                               a sliced object, from its slices
 *   │                    └──► FILL ──► STREAM                             the fill's response, as it arrives
 *   │                          │  ├──► SLICES                             its first slice arrived: a large object
 *   │                          │  └──► DELIVER                            found, or revalidated by a 304
 *   │                          └──► LOOKUP_SHARED                         another variant was fetched: look again
 *   └──► PASS                                                             bypass: stream both ways, store nothing
 * </pre>
 */
final class CacheRequest {

    private static final Logger LOG = LoggerFactory.getLogger(CacheRequest.class);
    /** How often a request may go round FILL → LOOKUP_SHARED before it fetches on its own. */
    private static final int MAX_ROUNDS = 3;

    enum Step { RECV, LOOKUP, LOOKUP_SHARED, FILL, STREAM, SLICES, DELIVER, PASS }

    private final ProxyNode node;
    private final OriginClient origin;
    private final HttpServerRequest request;
    private final VertxHeaders headers;
    private final Context context;
    private final long startedNanos = System.nanoTime();
    private final long arrivedAt;

    private RequestTarget target;
    private Route route;
    private CacheLocation location;
    private ClientDirectives client;
    private Fill.Kind kind = Fill.Kind.VISITOR;
    private PreparedResponse candidate;
    private Validators validators = Validators.NONE;
    private boolean varyMiss;
    private boolean alone;
    private boolean waited;
    private int rounds;
    private Fills.Joined fill;
    private FillResponse fetched;
    private SliceAssembly assembly;
    private Runnable stopReading;
    private PreparedResponse served;
    private CacheStatus status;
    private long originMicros = -1;
    private boolean finished;

    CacheRequest(ProxyNode node, OriginClient origin, HttpServerRequest request, Context context) {
        this.node = node;
        this.origin = origin;
        this.request = request;
        this.headers = new VertxHeaders(request.headers());
        this.context = context;
        this.arrivedAt = node.store().now();
    }

    void start() {
        HttpServerResponse out = request.response();
        out.endHandler(ignored -> finish());
        out.closeHandler(ignored -> finish());
        resume(() -> Step.RECV);
    }

    /** The one way into the machine: runs steps until one continues asynchronously or answers. */
    private void resume(Supplier<Step> continuation) {
        Step step = null;
        try {
            step = continuation.get();
            while (step != null) {
                node.probe().entering(step);
                step = switch (step) {
                    case RECV -> recv();
                    case LOOKUP -> lookup();
                    case LOOKUP_SHARED -> lookupShared();
                    case FILL -> fill();
                    case STREAM -> stream();
                    case SLICES -> slices();
                    case DELIVER -> deliver();
                    case PASS -> pass();
                };
            }
        } catch (RuntimeException failure) {
            LOG.error("request {} {} failed in step {}", request.method(), request.uri(), step, failure);
            reject(500, "Internal Server Error", CacheStatus.originFailed(candidate != null, missFwd(), "internal error"));
        }
    }

    /** Route, pass decisions, cache key. */
    private Step recv() {
        try {
            target = RequestTarget.of(request, node.forwarding());
        } catch (RequestTarget.Invalid invalid) {
            return reject(400, "Bad Request: " + invalid.getMessage(),
                    CacheStatus.bypass(CacheStatus.Fwd.REQUEST, invalid.detail()));
        }
        if (request.method().name().equals("PURGE")) {
            PurgeRequest.handle(node, request, target);
            return null;
        }
        route = node.routes().match(target.normalisedPath());
        route.stripOverrides(request.headers());
        HttpMethod method = request.method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return pass(CacheStatus.bypass(CacheStatus.Fwd.METHOD, null));
        }
        if (!route.caches()) {
            return pass(CacheStatus.bypass(CacheStatus.Fwd.BYPASS, "route " + route.name()));
        }
        String bypass = route.bypassReason(request);
        if (bypass != null) {
            return pass(CacheStatus.bypass(CacheStatus.Fwd.BYPASS, bypass));
        }
        location = route.locate(target, request);
        client = ClientDirectives.of(headers, route.honoursClient());
        return switch (node.refreshAuthorization().forces(route, request)) {
            case NONE -> Step.LOOKUP;
            case BY_ADMIN -> forced();
            case BY_CLIENT -> {
                // Every node drops its copy and serves the stale one until the new one lands; the fetch
                // starts after this node applied the purge, so the purge does not cover what it brings back.
                node.purgeBus().purge(PurgeScope.url(target.host(), target.pathQuery()), true)
                        .onComplete(purged -> resume(() -> {
                            if (purged.failed()) {
                                LOG.warn("forced refresh of {}: soft purge failed, other nodes may keep their copy "
                                        + "until it expires: {}", target.url(), purged.cause().toString());
                            }
                            return forced();
                        }));
                yield null;
            }
        };
    }

    private Step forced() {
        kind = Fill.Kind.FORCED;
        return Step.FILL;
    }

    private Step pass(CacheStatus bypass) {
        status = bypass;
        return Step.PASS;
    }

    /** The hot tier: no Hazelcast, no serializer. */
    private Step lookup() {
        PreparedResponse hot = node.store().hot(location, headers);
        return hot == null ? Step.LOOKUP_SHARED : decide(hot, true);
    }

    private Step lookupShared() {
        node.store().sharedJoiningReads(location, headers, context).onComplete(looked -> resume(() -> lookedUp(looked)));
        return null;
    }

    private Step lookedUp(AsyncResult<Lookup> looked) {
        if (looked.failed()) {
            LOG.warn("shared map lookup failed for {}; fetching from the origin", location.url(), looked.cause());
        } else if (looked.result().isHit()) {
            return decide(looked.result().found(), false);
        } else {
            varyMiss = looked.result().varyMiss();
        }
        return CacheStrategy.forMiss(client).reuse() == Reuse.UNAVAILABLE ? unavailable() : Step.FILL;
    }

    /** RFC 9111 §4.2 and RFC 5861, decided in {@link CacheStrategy}: may this stored response answer now, and how? */
    private Step decide(PreparedResponse prepared, boolean fromHotTier) {
        long now = node.store().now();
        CachedResponse response = prepared.response();
        // A response counts as fetched for this request when it came after the request arrived. The
        // store's clock counts milliseconds: a request that waited on a fill may share the millisecond
        // its response came in, one that did not must come after it (a client's next request often
        // follows its last answer within the millisecond).
        CacheStrategy strategy = CacheStrategy.forStored(response, response.headers(), response.ageMillis(now), client,
                waited ? arrivedAt : arrivedAt + 1);
        long ttl = CacheStatus.ttlSeconds(response, now);
        switch (strategy.reuse()) {
            case FRESH -> {
                status = waited ? CacheStatus.collapsed(missFwd(), ttl) : CacheStatus.hit(ttl);
                return deliver(prepared);
            }
            case STALE_ACCEPTED -> {
                status = CacheStatus.servedStale(CacheOutcome.STALE, ttl, "max-stale");
                return deliver(prepared);
            }
            case STALE_WHILE_REVALIDATE -> {
                boolean started = node.fills().refresh(fillRequest(Fill.Kind.REFRESH, prepared, strategy.validators()));
                status = CacheStatus.whileRevalidating(response, started, now);
                return deliver(prepared);
            }
            case REVALIDATE -> {
                if (fromHotTier) {
                    // Another node may have refreshed it: the shared map has the latest.
                    return Step.LOOKUP_SHARED;
                }
                candidate = prepared;
                validators = strategy.validators();
                return Step.FILL;
            }
            case UNAVAILABLE -> {
                return unavailable();
            }
            default -> {
                return Step.FILL;
            }
        }
    }

    /**
     * Joins the fill of this request's key, or starts it, and waits for what it delivers. One
     * fetch per key on this node and, through the fill's lease, across the cluster.
     */
    private Step fill() {
        FillRequest wanted = fillRequest(kind, candidate, validators);
        if (!alone && request.headers().contains(HttpHeaderNames.RANGE) && node.fills().hitForMiss(wanted.key())) {
            // Not stored (too large on a route that does not slice, or personal): the origin answers the range itself.
            return pass(CacheStatus.bypass(CacheStatus.Fwd.REQUEST, "range of an object not stored"));
        }
        fill = alone ? new Fills.Joined(node.fills().alone(wanted), true) : node.fills().join(wanted);
        waited |= !fill.leader();
        fill.fill().outcome(context).onComplete(delivered -> resume(() -> filled(delivered.result())));
        return null;
    }

    private Step filled(Fill.Outcome outcome) {
        originMicros = (System.nanoTime() - startedNanos) / 1000;
        rounds++;
        if (outcome instanceof Fill.Found found) {
            if (found.revalidated()) {
                status = CacheStatus.revalidated(found.stored(), CacheStatus.ttlSeconds(found.response().response(),
                        node.store().now()));
                return deliver(found.response());
            }
            waited = true;
            if (rounds >= MAX_ROUNDS) {
                return fetchAlone();
            }
            // A fill of the URL looked up the variant its own request selects; this request selects its own.
            return fill.leader() ? decide(found.response(), false) : Step.LOOKUP;
        }
        if (outcome instanceof Fill.Fetched delivered) {
            FillResponse response = delivered.response();
            if (fill.leader() || (response.shareableWith(headers)
                    && response.freshFor(client, arrivedAt, node.store().now()))) {
                fetched = response;
                boolean warmUp = node.refreshAuthorization().isWarmUp(request);
                return response.slice() != null && !warmUp ? deliverSlices(response) : Step.STREAM;
            }
            if (!response.storable()) {
                // Hit-for-miss: it may be personal; this request asks the origin for its own.
                return fetchAlone();
            }
            // Another variant, a body of unknown length, or stale by now: once it is stored, look again.
            fill.fill().done(context).onComplete(ended -> resume(() -> Step.LOOKUP_SHARED));
            return null;
        }
        if (outcome instanceof Fill.Changed) {
            return failed(new Fill.Failed(StaleCondition.ERROR, "object changed", true));
        }
        return failed((Fill.Failed) outcome);
    }

    /** The fill brought nothing to send: look again, serve the stale copy where stale-if-error allows, or answer 5xx. */
    private Step failed(Fill.Failed failed) {
        if (failed.retry()) {
            return rounds < MAX_ROUNDS ? Step.LOOKUP_SHARED : fetchAlone();
        }
        // A fill that failed in itself counts as an error: the stored copy may stand in for it too.
        StaleCondition condition = failed.condition() == null ? StaleCondition.ERROR : failed.condition();
        if (candidate != null && route.usesStaleOn(condition)
                && Reuse.mayServeOnError(candidate.response(), candidate.response().ageMillis(node.store().now()))) {
            // RFC 5861 stale-if-error: the stored copy stands in for the origin's failure.
            LOG.info("serving stale {} because the {}", location.url(), failed.why());
            status = CacheStatus.staleOnError(CacheStatus.ttlSeconds(candidate.response(), node.store().now()));
            return deliver(candidate);
        }
        if (candidate != null && failed.unreachable() && Reuse.mayServeWhenUnreachable(candidate.response(),
                candidate.response().ageMillis(node.store().now()), route.staleIfUnreachableMillis(),
                "s-maxage".equals(candidate.response().freshness().source()))) {
            // RFC 9111 §4.2.4: disconnected from the origin, the stored copy may stand in.
            LOG.info("serving stale {} because the {}", location.url(), failed.why());
            status = CacheStatus.staleWhenUnreachable(CacheStatus.ttlSeconds(candidate.response(), node.store().now()),
                    failed.condition() == StaleCondition.TIMEOUT);
            return deliver(candidate);
        }
        CacheStatus answer = CacheStatus.originFailed(candidate != null, missFwd(), failed.why());
        if (failed.condition() == null) {
            return reject(500, "Internal Server Error", answer);
        }
        return failed.condition() == StaleCondition.TIMEOUT
                ? reject(504, "Gateway Timeout: the origin did not answer in time", answer)
                : reject(502, "Bad Gateway: the origin could not be reached", answer);
    }

    private Step fetchAlone() {
        alone = true;
        return Step.FILL;
    }

    /** Sends the fill's response as its body arrives; the leader's own copy even when it is not stored. */
    private Step stream() {
        if (fetched.body() != null && fetched.body().broken()) {
            // The fill failed before this request sent a byte: it can still answer properly.
            return failed(new Fill.Failed(null, "internal error", false));
        }
        long now = node.store().now();
        boolean warmUp = node.refreshAuthorization().isWarmUp(request) && fetched.kept() && fill.leader();
        status = fetchedStatus(now);
        Transmit.Body body = Transmit.fetched(request, headers, fetched, status, now, warmUp);
        if (body.follows()) {
            stopReading = body.gunzip() ? fetched.readDecoded(context, request.response(), node.maxObjectBytes(),
                    () -> reject(502, "Bad Gateway: the origin's gzip body could not be decoded",
                            status.withDetail("origin gzip damaged")))
                    : body.parts() == null ? fetched.read(context, request.response())
                    : fetched.read(context, request.response(), body.parts());
            if (fill.leader()) {
                fill.fill().reading();
            }
            return null;
        }
        if (fill.leader()) {
            fetched.decline();
        }
        if (warmUp) {
            // This node's own warm-up is answered, without a body, once its response is in the shared map.
            fill.fill().done(context).onComplete(ended -> resume(() -> {
                HttpServerResponse out = request.response();
                if (!out.ended()) {
                    if (ended.result() != Fill.Result.STORED) {
                        out.headers().set(Transmit.CACHE_STATUS, status.notStored("not stored").header());
                    }
                    out.end();
                }
                return null;
            }));
        }
        return null;
    }

    /** What this request's Cache-Status says of a response its fill fetched. */
    private CacheStatus fetchedStatus(long now) {
        if (!fill.leader()) {
            return CacheStatus.collapsed(missFwd(), fetched.ttlSeconds(now));
        }
        return CacheStatus.fetched(candidate != null, kind == Fill.Kind.FORCED ? CacheStatus.Fwd.REQUEST
                : missFwd(), fetched.status(), fetched.kept(), fetched.notStored() != null ? fetched.notStored()
                : kind == Fill.Kind.FORCED ? "forced refresh" : null);
    }

    /** The fill found the object larger than a slice: its body so far is one slice, the rest comes from slices. */
    private Step deliverSlices(FillResponse response) {
        status = fetchedStatus(node.store().now());
        served = new PreparedResponse(response.slice().head(), node.store().now());
        assembly = new SliceAssembly(node, served.response(), context, headers, response, fill.leader(),
                this::sliceRequest);
        return Step.SLICES;
    }

    private Step deliver(PreparedResponse prepared) {
        served = prepared;
        if (prepared.response().slices() != null) {
            assembly = new SliceAssembly(node, prepared.response(), context, headers, null, false, this::sliceRequest);
            return Step.SLICES;
        }
        return Step.DELIVER;
    }

    /**
     * Sends a sliced object: its head, then the slices the client's range covers as they come. The
     * first slice is at hand before anything is sent, so that a failing origin or a changed object
     * can still be answered properly.
     */
    private Step slices() {
        stopReading = assembly::stop;
        Transmit.Body body = Transmit.storedHead(request, headers, served, status, node.store().now());
        if (!body.follows()) {
            assembly.stop();
            return null;
        }
        assembly.send(body.parts(), request.response()).onFailure(failure -> resume(() -> slicesFailed(failure)));
        return null;
    }

    /**
     * A slice could not be had. Once bytes went out the response is cut (a client must not take a
     * part for the whole); before, a changed object is dropped and fetched anew, and an origin failure
     * answered as for any fill.
     */
    private Step slicesFailed(Throwable failure) {
        HttpServerResponse out = request.response();
        boolean changed = failure instanceof SliceAssembly.ObjectChanged;
        Future<Void> dropped = changed ? node.store().dropChanged(served.response(), context) : Future.succeededFuture();
        if (changed) {
            LOG.info("{} changed at the origin while its slices were read; fetching it anew", location.url());
        }
        if (out.headWritten() || out.closed()) {
            out.reset();
            return null;
        }
        out.headers().clear();
        out.setStatusCode(200);
        if (changed && rounds++ < MAX_ROUNDS) {
            dropped.onComplete(ignored -> resume(() -> Step.LOOKUP_SHARED));
            return null;
        }
        return failure instanceof SliceAssembly.SliceUnavailable unavailable ? failed(unavailable.failed())
                : failed(new Fill.Failed(null, failure.getMessage(), false));
    }

    private Step deliver() {
        Transmit.stored(request, headers, served, status, node.store().now());
        return null;
    }

    /** Forwards the request and streams the response back; stores nothing (see {@link PassThrough}). */
    private Step pass() {
        new PassThrough(node, origin, request, target, clientIp(), context).start(status)
                .onComplete(passed -> resume(() -> {
                    originMicros = (System.nanoTime() - startedNanos) / 1000;
                    if (passed.succeeded()) {
                        status = passed.result();
                        return null;
                    }
                    boolean timeout = OriginClient.classify(passed.cause()) == OriginClient.Failure.TIMEOUT;
                    LOG.warn("origin {} for {}: {}", timeout ? "timeout" : "error", target.url(), passed.cause().toString());
                    CacheStatus failed = status.withDetail(timeout ? "origin timeout" : "origin error");
                    return timeout ? reject(504, "Gateway Timeout: the origin did not answer in time", failed)
                            : reject(502, "Bad Gateway: the origin could not be reached", failed);
                }));
        return null;
    }

    private Step unavailable() {
        // RFC 9111 §5.2.1.7: nothing usable stored, and the client will not let us forward.
        return reject(504, "Gateway Timeout: not cached (only-if-cached)", CacheStatus.unavailable(missFwd()));
    }

    private Step reject(int code, String reason, CacheStatus synthetic) {
        status = synthetic;
        Transmit.synthetic(request.response(), code, reason, synthetic);
        return null;
    }

    /**
     * A fill of this request's object. On a route that slices it asks for one slice (the one the
     * client's range begins in), unless the response may be personal (hit-for-miss: fetched whole).
     * A background refresh has no client to relay the origin's interim responses to.
     */
    private FillRequest fillRequest(Fill.Kind fillKind, PreparedResponse stored, Validators conditional) {
        long sliceBytes = route.sliceBytes();
        SliceFetch.Ask slicing = sliceBytes == 0 || alone ? null : new SliceFetch.First(sliceBytes,
                (int) (ByteRanges.firstAsked(request.getHeader(HttpHeaderNames.RANGE)) / sliceBytes));
        return new FillRequest(fillKind, route, location, target, fillHeaders(stored), clientIp(), origin, context, stored,
                conditional, varyMiss, slicing, fillKind == Fill.Kind.REFRESH ? null : InterimResponses.relayTo(request));
    }

    /**
     * The request's fields as a fill sends them (a copy: the fill may outlive the request), asking
     * for the coding of the stored response it refreshes, if any ({@link ContentCoding#offer}).
     */
    private MultiMap fillHeaders(PreparedResponse refreshed) {
        MultiMap copy = HttpHeaders.headers().addAll(request.headers());
        ContentCoding.offer(copy, refreshed);
        return copy;
    }

    /** A slice is fetched once the client's response has begun: no interim response may follow it. */
    private FillRequest sliceRequest(SliceFetch.One slice) {
        return new FillRequest(Fill.Kind.VISITOR, route, location, target, fillHeaders(null), clientIp(), origin, context,
                null, Validators.NONE, false, slice, null);
    }

    /** Why this request went forward when it did (RFC 9211 fwd). */
    private CacheStatus.Fwd missFwd() {
        return candidate != null ? CacheStatus.Fwd.STALE : varyMiss ? CacheStatus.Fwd.VARY_MISS : CacheStatus.Fwd.URI_MISS;
    }

    private String clientIp() {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    /** FINISH: once the response is over (ended, or its connection gone): let go of the fill, log, count. */
    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        FastHits.responded(request.connection());
        if (stopReading != null) {
            stopReading.run();
        } else if (fill != null && fill.leader() && fetched != null) {
            fetched.decline();
        }
        HttpServerResponse out = request.response();
        RequestLog log = node.requestLog();
        long totalMicros = (System.nanoTime() - startedNanos) / 1000;
        boolean detailed = log.detailed();
        log.completed(new RequestLog.Entry(detailed ? System.currentTimeMillis() - totalMicros / 1000 : 0,
                detailed ? clientIp() : null, request.method().name(), request.uri(), out.getStatusCode(),
                status == null ? CacheOutcome.BYPASS : status.outcome(), route == null ? "-" : route.name(),
                out.bytesWritten(), totalMicros, originMicros,
                detailed ? (status == null ? "" : status.header()) : null, waited));
    }
}
