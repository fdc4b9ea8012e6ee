package io.tiercache.proxy;

import io.tiercache.cluster.RefreshLease;
import io.tiercache.policy.StoreDecision;
import io.tiercache.store.CacheLocation;
import io.tiercache.store.CachedResponse;
import io.tiercache.store.PreparedResponse;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background refreshes for stale-while-revalidate: the client already has the stale copy; one
 * refresh per key runs behind it. A refresh that fails keeps the stale copy and says why in the
 * log; it never replaces a good entry with an error unless the route caches that status on purpose.
 */
final class Refresher {

    private static final Logger LOG = LoggerFactory.getLogger(Refresher.class);

    private final ProxyNode node;
    private final OriginClient origin;
    private final Context context;
    private final CacheFill fill;

    Refresher(ProxyNode node, OriginClient origin, Context context) {
        this.node = node;
        this.origin = origin;
        this.context = context;
        this.fill = new CacheFill(node);
    }

    /**
     * Starts a refresh of {@code stale} unless one is already running for its key.
     *
     * @return true when this call started it (nginx reports STALE), false when one was running (UPDATING)
     */
    boolean refresh(Route route, CacheLocation location, RequestTarget target, MultiMap requestHeaders, String clientIp,
                    PreparedResponse stale) {
        String key = stale.response().storageKey();
        Coalescer.Claim claim = node.coalescer().claim(key);
        if (!claim.leader()) {
            return false;
        }
        MultiMap headers = HttpHeaders.headers().addAll(requestHeaders);
        VertxHeaders request = new VertxHeaders(headers);
        node.leases().claim(key, context)
                .compose(outcome -> {
                    if (outcome != RefreshLease.Claim.WON) {
                        // Another node refreshes it (or it is uncacheable): this node's copy is replaced when
                        // a later request finds the refreshed entry in the shared map.
                        return Future.succeededFuture(Coalescer.FillResult.NOT_STORED);
                    }
                    RefreshLease.Held lease = node.leases().hold(key, context);
                    return node.store().shared(location, request, context)
                            .compose(lookup -> refreshedElsewhere(lookup.found())
                                    ? Future.succeededFuture(Coalescer.FillResult.STORED)
                                    : fetch(route, location, target, headers, request, clientIp, stale.response()))
                            .andThen(done -> lease.release());
                })
                .onComplete(done -> {
                    if (done.failed()) {
                        LOG.warn("background refresh of {} failed; the stale copy stays: {}", location.url(),
                                done.cause().toString());
                    }
                    Coalescer.FillResult result = done.succeeded() ? done.result() : Coalescer.FillResult.ORIGIN_FAILED;
                    node.countRefresh(result);
                    claim.fill().finish(result);
                });
        return true;
    }

    /** Another node may have refreshed the entry since this node read it. */
    private boolean refreshedElsewhere(PreparedResponse shared) {
        if (shared == null) {
            return false;
        }
        CachedResponse response = shared.response();
        return !response.softPurged() && response.freshnessLeftMillis(node.store().now()) > 0;
    }

    private Future<Coalescer.FillResult> fetch(Route route, CacheLocation location, RequestTarget target, MultiMap headers,
                                               VertxHeaders request, String clientIp, CachedResponse stale) {
        return OriginFetch.send(origin, node.store(), headers, target, clientIp, stale).compose(exchange -> {
            HttpClientResponse response = exchange.response();
            int code = response.statusCode();
            if (code == 304) {
                return fill.revalidate(route, stale, request, exchange, context)
                        .map(freshened -> freshened == null ? Coalescer.FillResult.NOT_STORED : Coalescer.FillResult.STORED);
            }
            if (!CacheFill.mayReplace(route, code)) {
                exchange.discard();
                LOG.warn("background refresh of {}: origin answered {}; the stale copy stays", location.url(), code);
                return Future.succeededFuture(Coalescer.FillResult.ORIGIN_FAILED);
            }
            StoreDecision decision = fill.decide(route, location.path(), request, code, exchange.headers(),
                    exchange.responseTime());
            if (!decision.storable()) {
                exchange.discard();
                LOG.warn("background refresh of {}: new response not storable ({}); the stale copy stays",
                        location.url(), decision.reason());
                return Future.succeededFuture(Coalescer.FillResult.NOT_STORED);
            }
            return new BodyRelay(response, null, true, node.maxObjectBytes()).start().compose(body -> body == null
                    ? Future.succeededFuture(Coalescer.FillResult.NOT_STORED)
                    : fill.store(location, request, exchange, decision, body, context)
                            .map(stored -> stored == null ? Coalescer.FillResult.NOT_STORED : Coalescer.FillResult.STORED));
        });
    }
}
