package io.tiercache.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.tiercache.cluster.RefreshLease;
import io.tiercache.config.StaleCondition;
import io.tiercache.policy.ClientDirectives;
import io.tiercache.policy.ConditionalRequest;
import io.tiercache.policy.CurrentAge;
import io.tiercache.policy.HeaderList;
import io.tiercache.policy.Reuse;
import io.tiercache.policy.StoreDecision;
import io.tiercache.store.CacheLocation;
import io.tiercache.store.CachedResponse;
import io.tiercache.store.Lookup;
import io.tiercache.store.PreparedResponse;
import io.tiercache.store.PurgeScope;
import io.vertx.core.Context;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * One client request, as a state machine in the manner of Varnish's cache_req_fsm.c. Each step is
 * a small method that returns the next step, or null when it continues asynchronously (it then
 * calls {@link #run} again on this request's event loop) or has answered.
 *
 * <pre>
 * RECV ──► LOOKUP ──► (hot tier) ──► DELIVER            fresh hit
 *   │         └──► LOOKUP_SHARED ──► DELIVER            hit in the shared map
 *   │                    └──► COALESCE ──► CLAIM ──► FETCH ──► (stream + store) MISS / EXPIRED / REVALIDATED
 *   │                            │           └── another node fetches: wait for its fill ──► LOOKUP_SHARED
 *   │                            └── another request here fetches: wait for its fill ──► LOOKUP
 *   └──► PASS                                            bypass: stream both ways, store nothing
 * </pre>
 */
final class CacheRequest {

    private static final Logger LOG = LoggerFactory.getLogger(CacheRequest.class);

    enum Step { RECV, LOOKUP, LOOKUP_SHARED, COALESCE, CLAIM, FETCH, PASS, DELIVER }


    private final ProxyNode node;
    private final OriginClient origin;
    private final Refresher refresher;
    private final HttpServerRequest request;
    private final VertxHeaders headers;
    private final Context context;
    private final long startedNanos = System.nanoTime();

    private RequestTarget target;
    private Route route;
    private CacheLocation location;
    private ClientDirectives client;
    private PreparedResponse candidate;
    private boolean varyMiss;
    private Coalescer.Claim claim;
    private String fillKey;
    private RefreshLease.Held lease;
    private long waitDeadline;
    private boolean waited;
    private boolean collapsed;
    private boolean forced;
    private PreparedResponse found;
    private CacheStatus status;
    private long originMicros = -1;

    CacheRequest(ProxyNode node, OriginClient origin, Refresher refresher, HttpServerRequest request, Context context) {
        this.node = node;
        this.origin = origin;
        this.refresher = refresher;
        this.request = request;
        this.headers = new VertxHeaders(request.headers());
        this.context = context;
    }

    void start() {
        request.response().endHandler(ignored -> logCompleted());
        run(Step.RECV);
    }

    private void run(Step first) {
        Step step = first;
        try {
            while (step != null) {
                step = switch (step) {
                    case RECV -> recv();
                    case LOOKUP -> lookup();
                    case LOOKUP_SHARED -> lookupShared();
                    case COALESCE -> coalesce();
                    case CLAIM -> claimLease();
                    case FETCH -> fetch();
                    case PASS -> pass();
                    case DELIVER -> deliver();
                };
            }
        } catch (RuntimeException failure) {
            LOG.error("request {} {} failed in step {}", request.method(), request.uri(), step, failure);
            finishFill(Coalescer.FillResult.NOT_STORED);
            reject(500, "Internal Server Error", new CacheStatus(CacheOutcome.MISS, "request", 0, false, false, null,
                    "internal error"));
        }
    }

    /** Route match, pass decisions, cache key. */
    private Step recv() {
        try {
            target = RequestTarget.of(request, node.forwarding());
        } catch (RequestTarget.Invalid invalid) {
            return reject(400, "Bad Request: " + invalid.getMessage(), CacheStatus.bypass("request", invalid.detail()));
        }
        if (request.method().name().equals("PURGE")) {
            PurgeRequest.handle(node, request, target);
            return null;
        }
        route = node.routes().match(target.normalisedPath());
        route.stripOverrides(request.headers());
        HttpMethod method = request.method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            status = CacheStatus.bypass("method", null);
            return Step.PASS;
        }
        if (!route.caches()) {
            status = CacheStatus.bypass("bypass", "route " + route.name());
            return Step.PASS;
        }
        String bypass = route.bypassReason(request);
        if (bypass != null) {
            status = CacheStatus.bypass("bypass", bypass);
            return Step.PASS;
        }
        if (request.headers().contains(HttpHeaderNames.RANGE)) {
            status = CacheStatus.bypass("request", "range");
            return Step.PASS;
        }
        location = route.locate(target, request);
        client = ClientDirectives.of(headers, route.honoursClient());
        return switch (node.refreshAuthorization().forces(route, request)) {
            case NONE -> Step.LOOKUP;
            case BY_ADMIN -> {
                forced = true;
                yield Step.LOOKUP_SHARED;
            }
            case BY_CLIENT -> {
                forced = true;
                yield softPurgeThen(Step.LOOKUP_SHARED);
            }
        };
    }

    /**
     * A forced refresh first soft-purges the URL everywhere, so that every node drops its copy and
     * serves the stale one until the new one lands; the fetch starts after this node applied the
     * purge, so the purge does not cover what it brings back.
     */
    private Step softPurgeThen(Step next) {
        node.purgeBus().purge(PurgeScope.url(target.host(), target.pathQuery()), true).onComplete(purged -> {
            if (purged.failed()) {
                LOG.warn("forced refresh of {}: soft purge failed, other nodes may keep their copy until it expires: {}",
                        target.url(), purged.cause().toString());
            }
            run(next);
        });
        return null;
    }

    /** The hot tier: no Hazelcast, no serializer. */
    private Step lookup() {
        PreparedResponse hot = node.store().hot(location, headers);
        return hot == null ? Step.LOOKUP_SHARED : decide(hot, true);
    }

    private Step lookupShared() {
        node.store().shared(location, headers, context).onComplete(looked -> {
            if (looked.failed()) {
                LOG.warn("shared map lookup failed for {}; fetching from the origin", location.url(), looked.cause());
                run(Step.COALESCE);
                return;
            }
            Lookup lookup = looked.result();
            if (lookup.isHit()) {
                run(decide(lookup.found(), false));
            } else {
                varyMiss = lookup.varyMiss();
                run(client.onlyIfCached() ? onlyIfCachedMiss() : Step.COALESCE);
            }
        });
        return null;
    }

    /** RFC 9111 §4.2 and RFC 5861: may this stored response answer now, and how? */
    private Step decide(PreparedResponse prepared, boolean fromHotTier) {
        if (forced) {
            candidate = prepared;
            return Step.COALESCE;
        }
        long now = node.store().now();
        CachedResponse response = prepared.response();
        long ttl = ttlSeconds(response, now);
        Reuse reuse = Reuse.decide(response, response.ageMillis(now), client);
        if (reuse != Reuse.REVALIDATE) {
            // Found usable after waiting for another node's fill: the requests waiting here may use it too.
            finishFill(Coalescer.FillResult.STORED);
        }
        switch (reuse) {
            case FRESH -> {
                found = prepared;
                status = collapsed
                        ? new CacheStatus(CacheOutcome.HIT, varyMiss ? "vary-miss" : "uri-miss", 0, false, true, ttl, null)
                        : CacheStatus.hit(ttl);
                return Step.DELIVER;
            }
            case STALE_ACCEPTED -> {
                found = prepared;
                status = new CacheStatus(CacheOutcome.STALE, null, 0, false, false, ttl, "max-stale");
                return Step.DELIVER;
            }
            case STALE_WHILE_REVALIDATE -> {
                boolean started = refresher.refresh(route, location, target, request.headers(), clientIp(), prepared);
                found = prepared;
                status = new CacheStatus(started ? CacheOutcome.STALE : CacheOutcome.UPDATING, null, 0, false, false, ttl,
                        response.softPurged() ? "soft-purged" : "stale-while-revalidate");
                return Step.DELIVER;
            }
            default -> {
                if (fromHotTier) {
                    return Step.LOOKUP_SHARED;
                }
                candidate = prepared;
                return client.onlyIfCached() ? onlyIfCachedMiss() : Step.COALESCE;
            }
        }
    }

    /** One fetch per key on this node; the others wait for its fill (nginx proxy_cache_lock). */
    private Step coalesce() {
        if (claim != null) {
            return Step.CLAIM;
        }
        if (waited) {
            return Step.FETCH;
        }
        fillKey = candidate != null ? candidate.response().storageKey() : location.primaryKey();
        if (node.coalescer().isUncacheable(fillKey)) {
            return Step.FETCH;
        }
        Coalescer.Claim attempt = node.coalescer().claim(fillKey);
        if (attempt.leader()) {
            claim = attempt;
            return Step.CLAIM;
        }
        waited = true;
        attempt.fill().await(context, node.lockTimeoutMillis()).onComplete(done -> {
            Coalescer.FillResult result = done.result();
            if (result == Coalescer.FillResult.STORED) {
                collapsed = true;
                run(Step.LOOKUP);
            } else if (result == Coalescer.FillResult.ORIGIN_FAILED && mayServeCandidateOnError(StaleCondition.ERROR)) {
                run(serveStaleOnError("origin failed for the request this one waited on"));
            } else {
                run(Step.FETCH);
            }
        });
        return null;
    }

    /**
     * One fetch per key across the cluster: this node's leader claims the key's lease. If another
     * node holds it, wait for its fill (woken by the lease ending) and look up again; once the lock
     * timeout has passed since the first wait, fetch regardless.
     */
    private Step claimLease() {
        long now = System.nanoTime();
        if (waitDeadline != 0 && now - waitDeadline >= 0) {
            return Step.FETCH;
        }
        RefreshLease.Watch watch = node.leases().watch(fillKey, context);
        node.leases().claim(fillKey, context).onComplete(claimed -> {
            if (claimed.failed()) {
                watch.cancel();
                LOG.warn("lease claim for {} failed; fetching without it: {}", location.url(), claimed.cause().toString());
                run(Step.FETCH);
                return;
            }
            switch (claimed.result()) {
                case WON -> {
                    watch.cancel();
                    if (lease == null) {
                        lease = node.leases().hold(fillKey, context);
                    }
                    if (collapsed || candidate != null || forced) {
                        run(Step.FETCH);
                    } else {
                        lookAgainBeforeFetching();
                    }
                }
                case UNCACHEABLE -> {
                    watch.cancel();
                    node.coalescer().markUncacheable(fillKey);
                    finishFill(Coalescer.FillResult.UNCACHEABLE);
                    run(Step.FETCH);
                }
                case HELD -> {
                    if (waitDeadline == 0) {
                        waitDeadline = now + node.lockTimeoutMillis() * 1_000_000;
                    }
                    long left = Math.max(1, (waitDeadline - System.nanoTime()) / 1_000_000);
                    watch.await(left).onComplete(ended -> {
                        collapsed = true;
                        run(Step.LOOKUP_SHARED);
                    });
                }
            }
        });
        return null;
    }

    /**
     * Another node's fill may have been stored, and its lease released, between this request's
     * shared lookup and its claim: look once more, so that the origin is not asked twice.
     */
    private void lookAgainBeforeFetching() {
        node.store().shared(location, headers, context).onComplete(looked -> {
            if (looked.succeeded() && looked.result().isHit()) {
                collapsed = true;
                run(decide(looked.result().found(), false));
            } else {
                run(Step.FETCH);
            }
        });
    }

    private Step fetch() {
        CachedResponse validated = candidate == null || forced ? null : candidate.response();
        OriginFetch.send(origin, node.store(), request.headers(), target, clientIp(), validated).onComplete(sent -> {
            if (sent.failed()) {
                run(originFailed(sent.cause()));
            } else {
                run(fetched(sent.result()));
            }
        });
        return null;
    }

    private Step fetched(OriginFetch.Exchange exchange) {
        originMicros = (System.nanoTime() - startedNanos) / 1000;
        HttpClientResponse response = exchange.response();
        int code = response.statusCode();
        if (code == 304 && candidate != null && !forced) {
            return revalidated(exchange);
        }
        if (candidate != null && code >= 500) {
            StaleCondition condition = StaleCondition.ofStatus(code).orElse(null);
            if (condition != null && mayServeCandidateOnError(condition)) {
                exchange.discard();
                finishFill(Coalescer.FillResult.ORIGIN_FAILED);
                return serveStaleOnError("origin answered " + code);
            }
        }
        StoreDecision decision = new CacheFill(node).decide(route, location.path(), headers, code, exchange.headers(),
                exchange.responseTime());
        // A body declared larger than the max object size streams through unstored; Cache-Status must not say "stored".
        boolean fits = BodyRelay.declaredLength(response) <= node.maxObjectBytes();
        boolean keep = decision.storable() && fits && (candidate == null || CacheFill.mayReplace(route, code));
        String detail = !decision.storable() ? decision.reason()
                : !fits ? "larger than max-object-size"
                : !keep ? "error kept out of cache"
                : forced ? "forced refresh" : null;
        String fwd = forced ? "request" : candidate != null ? "stale" : varyMiss ? "vary-miss" : "uri-miss";
        status = new CacheStatus(candidate == null ? CacheOutcome.MISS : CacheOutcome.EXPIRED, fwd, code, keep, false,
                null, detail);
        boolean uncacheable = !decision.storable() || !fits;
        if (!keep) {
            // Known from the head alone: the requests waiting for this fill need not wait for the body.
            finishFill(uncacheable ? Coalescer.FillResult.UNCACHEABLE : Coalescer.FillResult.NOT_STORED);
        }
        HeaderList fields = node.capture().clientFields(exchange.headers(), decision.stripSetCookie());
        // The fetch dropped the client's preconditions to get a full copy; the client may still get its 304.
        boolean notModified = code >= 200 && code < 300 && ConditionalRequest.isConditional(headers)
                && ConditionalRequest.notModified(headers, code, fields);
        HttpServerResponse out = request.response();
        out.setStatusCode(notModified ? 304 : code);
        ResponseCapture.copy(notModified ? ResponseWriter.notModifiedFields(fields) : fields, out.headers());
        if (response.headers().contains(ResponseWriter.AGE)) {
            // RFC 9111 §5.1: an upstream cache aged it; without Age a downstream cache would take it as new.
            out.headers().set(ResponseWriter.AGE, Long.toString(CurrentAge.headerSeconds(
                    CurrentAge.initialMillis(exchange.headers(), exchange.requestTime(), exchange.responseTime()))));
        }
        String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        boolean bodyless = notModified || request.method() == HttpMethod.HEAD;
        // This node's own warm-up is answered, without a body, once its fill is stored.
        boolean answerWhenStored = keep && !bodyless && node.refreshAuthorization().isWarmUp(request);
        if (notModified) {
            out.headers().remove(HttpHeaders.CONTENT_LENGTH);
        } else if (answerWhenStored) {
            out.putHeader(HttpHeaders.CONTENT_LENGTH, "0");
        } else if (length != null) {
            out.putHeader(HttpHeaders.CONTENT_LENGTH, length);
        } else if (code != 204 && code != 304) {
            out.setChunked(true);
        }
        ResponseWriter.markStatus(out.headers(), status);
        if (bodyless) {
            out.end();
        }
        BodyRelay relay = new BodyRelay(response, bodyless || answerWhenStored ? null : out, keep, node.maxObjectBytes());
        relay.start().onComplete(relayed -> {
            if (relayed.failed() || relayed.result() == null) {
                if (relayed.failed()) {
                    LOG.warn("origin body for {} broke off: {}", location.url(), relayed.cause().toString());
                }
                finishFill(uncacheable || relay.tooLarge() ? Coalescer.FillResult.UNCACHEABLE : Coalescer.FillResult.NOT_STORED);
                if (answerWhenStored) {
                    answerWarmUp(out, !relayed.failed(), false);
                }
                return;
            }
            new CacheFill(node).store(location, headers, exchange, decision, relayed.result(), context)
                    .onComplete(stored -> {
                        if (stored.failed()) {
                            LOG.warn("could not store {}", location.url(), stored.cause());
                        }
                        finishFill(stored.succeeded() && stored.result() != null
                                ? Coalescer.FillResult.STORED : Coalescer.FillResult.NOT_STORED);
                        if (answerWhenStored) {
                            answerWarmUp(out, true, stored.succeeded() && stored.result() != null);
                        }
                    });
        });
        return null;
    }

    /** Ends a warm-up's answer (its head only) once its fill is stored, or says it was not; a broken fetch resets it. */
    private void answerWarmUp(HttpServerResponse out, boolean fetched, boolean stored) {
        if (!fetched) {
            out.reset();
            return;
        }
        if (!stored) {
            out.headers().set(ResponseWriter.CACHE_STATUS, new CacheStatus(status.outcome(), status.fwd(),
                    status.fwdStatus(), false, false, null, "not stored").header());
        }
        out.end();
    }

    /** The origin confirmed the stored response with a 304 (RFC 9111 §4.3.4). */
    private Step revalidated(OriginFetch.Exchange exchange) {
        new CacheFill(node).revalidate(route, candidate.response(), headers, exchange, context).onComplete(done -> {
            if (done.failed()) {
                LOG.warn("could not store the revalidated {}", location.url(), done.cause());
            }
            CachedResponse freshened = done.succeeded() ? done.result() : candidate.response();
            if (freshened == null) {
                candidate = null;
                run(Step.FETCH);
                return;
            }
            finishFill(Coalescer.FillResult.STORED);
            found = new PreparedResponse(freshened, node.store().now());
            status = new CacheStatus(CacheOutcome.REVALIDATED, "stale", 304, done.succeeded(), false,
                    ttlSeconds(freshened, node.store().now()), null);
            run(Step.DELIVER);
        });
        return null;
    }

    private Step originFailed(Throwable failure) {
        originMicros = (System.nanoTime() - startedNanos) / 1000;
        OriginClient.Failure kind = OriginClient.classify(failure);
        StaleCondition condition = kind == OriginClient.Failure.TIMEOUT ? StaleCondition.TIMEOUT : StaleCondition.ERROR;
        finishFill(Coalescer.FillResult.ORIGIN_FAILED);
        if (mayServeCandidateOnError(condition)) {
            return serveStaleOnError("origin " + condition.configName());
        }
        LOG.warn("origin {} for {}: {}", condition.configName(), target.url(), failure.toString());
        // A passed request stays a BYPASS: it never looked in the cache, so it did not miss.
        CacheStatus failed = status != null && status.outcome() == CacheOutcome.BYPASS
                ? status.withDetail("origin " + condition.configName())
                : new CacheStatus(candidate == null ? CacheOutcome.MISS : CacheOutcome.EXPIRED,
                        candidate != null ? "stale" : "uri-miss", 0, false, false, null, "origin " + condition.configName());
        return kind == OriginClient.Failure.TIMEOUT
                ? reject(504, "Gateway Timeout: the origin did not answer in time", failed)
                : reject(502, "Bad Gateway: the origin could not be reached", failed);
    }

    private boolean mayServeCandidateOnError(StaleCondition condition) {
        return candidate != null && route.usesStaleOn(condition)
                && Reuse.mayServeOnError(candidate.response(), candidate.response().ageMillis(node.store().now()));
    }

    /** RFC 5861 stale-if-error: the stored copy stands in for the origin's failure. */
    private Step serveStaleOnError(String why) {
        LOG.info("serving stale {} because the {}", location.url(), why);
        found = candidate;
        long ttl = ttlSeconds(candidate.response(), node.store().now());
        status = new CacheStatus(CacheOutcome.STALE, "stale", 0, false, false, ttl, "stale-if-error");
        return Step.DELIVER;
    }

    private Step onlyIfCachedMiss() {
        // RFC 9111 §5.2.1.7: nothing usable stored, and the client will not let us forward.
        return reject(504, "Gateway Timeout: not cached (only-if-cached)", new CacheStatus(CacheOutcome.MISS,
                varyMiss ? "vary-miss" : "uri-miss", 0, false, false, null, "only-if-cached"));
    }

    /** Forwards the request and streams the response back; stores nothing (see {@link PassThrough}). */
    private Step pass() {
        new PassThrough(node, origin, request, target, clientIp(), context).start(status).onComplete(passed -> {
            originMicros = (System.nanoTime() - startedNanos) / 1000;
            if (passed.failed()) {
                run(originFailed(passed.cause()));
            } else {
                status = passed.result();
            }
        });
        return null;
    }

    /** RFC 9211 ttl: seconds of freshness left, never positive for a soft-purged entry. */
    private static long ttlSeconds(CachedResponse response, long now) {
        long ttl = Math.floorDiv(response.freshnessLeftMillis(now), 1000);
        return response.softPurged() ? Math.min(0, ttl) : ttl;
    }

    private Step deliver() {
        ResponseWriter.deliver(request, headers, found, status, node.store().now());
        return null;
    }

    private Step reject(int code, String reason, CacheStatus synthetic) {
        status = synthetic;
        ResponseWriter.synthetic(request.response(), code, reason, synthetic);
        return null;
    }

    /**
     * Ends this request's part in a fill: the cluster lease is released (or turned into a
     * hit-for-miss marker), and the requests waiting here learn the result.
     */
    private void finishFill(Coalescer.FillResult result) {
        if (result == Coalescer.FillResult.UNCACHEABLE && fillKey != null) {
            node.coalescer().markUncacheable(fillKey);
        } else if (result == Coalescer.FillResult.STORED && fillKey != null) {
            node.coalescer().markCacheable(fillKey);
        }
        if (lease != null) {
            (result == Coalescer.FillResult.UNCACHEABLE ? lease.markUncacheable() : lease.release()).onFailure(failure ->
                    LOG.warn("could not end the lease on {}: {}", fillKey, failure.toString()));
            lease = null;
        }
        if (claim != null) {
            claim.fill().finish(result);
            claim = null;
        }
    }


    private String clientIp() {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    private void logCompleted() {
        HttpServerResponse out = request.response();
        RequestLog log = node.requestLog();
        long totalMicros = (System.nanoTime() - startedNanos) / 1000;
        boolean detailed = log.detailed();
        log.completed(new RequestLog.Entry(detailed ? System.currentTimeMillis() - totalMicros / 1000 : 0,
                detailed ? clientIp() : null, request.method().name(), request.uri(), out.getStatusCode(),
                status == null ? CacheOutcome.BYPASS : status.outcome(), route == null ? "-" : route.name(),
                out.bytesWritten(), totalMicros, originMicros,
                detailed ? (status == null ? "" : status.header()) : null, collapsed));
    }
}
