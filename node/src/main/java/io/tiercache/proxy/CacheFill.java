package io.tiercache.proxy;

import io.tiercache.policy.CurrentAge;
import io.tiercache.policy.HeaderFields;
import io.tiercache.policy.HeaderList;
import io.tiercache.policy.NotModifiedUpdate;
import io.tiercache.policy.Storability;
import io.tiercache.policy.StoreDecision;
import io.tiercache.policy.Vary;
import io.tiercache.store.CacheLocation;
import io.tiercache.store.CachedResponse;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * Stores what a cacheable fetch brought back: a full response, or a 304 that freshens the stored
 * one (RFC 9111 §4.3.4). Shared by foreground fetches and background refreshes.
 */
final class CacheFill {

    private final ProxyNode node;

    CacheFill(ProxyNode node) {
        this.node = node;
    }

    /** Whether this status from the origin may replace a stored response (it never does for errors, unless a route caches them). */
    static boolean mayReplace(Route route, int status) {
        return status < 500 || route.cachesStatusOnPurpose(status);
    }

    /** @param path the normalised path, whose extension the route may check the Content-Type against */
    StoreDecision decide(Route route, String path, HeaderFields request, int status, HeaderFields origin,
                         long responseTime) {
        StoreDecision decision = Storability.decide("GET", request, status, origin, route.rules(), responseTime / 1000);
        if (decision.storable() && !route.acceptsContentType(path, origin.first("Content-Type"))) {
            return StoreDecision.refuse("content-type mismatch");
        }
        return decision;
    }

    /**
     * Stores a full response. Completes with the response as stored (marked stale if a soft purge
     * covered it while it was fetched), or null when it was dropped.
     */
    Future<CachedResponse> store(CacheLocation location, HeaderFields request, OriginFetch.Exchange exchange,
                                 StoreDecision decision, Buffer body, Context context) {
        HeaderFields origin = exchange.headers();
        List<String> varyFields = Vary.fieldNames(origin);
        String variantKey = varyFields.isEmpty() ? "" : Vary.variantKey(varyFields, request);
        CachedResponse captured = node.capture().capture(location, variantKey, exchange.response().statusCode(), origin,
                body.getBytes(), decision, exchange.requestTime(), exchange.responseTime(), exchange.purgeEpoch(),
                node.nodeName());
        return node.store().store(captured, varyFields, context);
    }

    /**
     * Applies a 304 to the stored response. Completes with the freshened response, stored when it
     * is still storable; null when the 304 names another representation and a full fetch is needed.
     */
    Future<CachedResponse> revalidate(Route route, CachedResponse stored, HeaderFields request,
                                      OriginFetch.Exchange exchange, Context context) {
        exchange.response().resume();
        HeaderFields notModified = exchange.headers();
        if (!NotModifiedUpdate.applies(stored.headers(), notModified)) {
            return Future.succeededFuture(null);
        }
        HeaderList merged = NotModifiedUpdate.merge(stored.headers(), node.capture().clientFields(notModified, false));
        StoreDecision decision = decide(route, stored.getPath(), request, stored.status(), merged, exchange.responseTime());
        HeaderList kept = decision.stripSetCookie() ? merged.without(List.of("Set-Cookie")) : merged;
        CachedResponse.Timing timing = new CachedResponse.Timing(exchange.requestTime(), exchange.responseTime(),
                CurrentAge.initialMillis(notModified, exchange.requestTime(), exchange.responseTime()));
        CachedResponse freshened = stored.revalidated(kept, timing, ResponseCapture.freshness(decision),
                exchange.purgeEpoch(), node.nodeName());
        if (!decision.storable()) {
            return Future.succeededFuture(freshened);
        }
        return node.store().store(freshened, Vary.fieldNames(kept), context)
                .map(result -> result == null ? freshened : result);
    }
}
