package io.tiercache.proxy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Collapses concurrent fetches of one key on this node: the first request leads and fetches, the
 * others wait on its {@link Fill} for a bounded time (like nginx proxy_cache_lock) and then look up
 * again. Shared by every event loop of the node.
 */
final class Coalescer {

    /** How a fill ended, as its waiters learn it. */
    enum FillResult {
        /** A usable response was stored: look up again. */
        STORED,
        /** Nothing was stored this time (too large, client gone, an error kept out): fetch on your own. */
        NOT_STORED,
        /** The response may not be stored (private, Set-Cookie, ...): fetch on your own, and stop queueing for a while. */
        UNCACHEABLE,
        /** The origin failed or timed out: a waiter holding a stale copy may serve it (stale-if-error). */
        ORIGIN_FAILED,
        /** The waiter gave up waiting (lock timeout). */
        TIMED_OUT
    }

    /** A claim on a key: either this request leads the fill, or it may wait for the leader. */
    record Claim(Fill fill, boolean leader) {
    }

    private final ConcurrentHashMap<String, Fill> fills = new ConcurrentHashMap<>();
    private final Cache<String, Boolean> uncacheable;
    private final Vertx vertx;

    /** @param hitForMiss how long a key found uncacheable skips coalescing on this node */
    Coalescer(Vertx vertx, Duration hitForMiss) {
        this.vertx = vertx;
        this.uncacheable = Caffeine.newBuilder().expireAfterWrite(hitForMiss).maximumSize(100_000).build();
    }

    /** Varnish's hit-for-miss: this key's last response could not be stored, so requests do not queue for it. */
    boolean isUncacheable(String key) {
        return uncacheable.getIfPresent(key) != null;
    }

    void markUncacheable(String key) {
        uncacheable.put(key, Boolean.TRUE);
    }

    /** A stored response ends hit-for-miss for its key. */
    void markCacheable(String key) {
        uncacheable.invalidate(key);
    }

    Claim claim(String key) {
        Fill created = new Fill(key);
        Fill existing = fills.putIfAbsent(key, created);
        return existing == null ? new Claim(created, true) : new Claim(existing, false);
    }

    int inFlight() {
        return fills.size();
    }

    /** One in-flight fetch of a key and the requests waiting for it. */
    final class Fill {
        private final String key;
        private final List<Waiter> waiters = new ArrayList<>();
        private FillResult result;

        private record Waiter(Promise<FillResult> promise, Context context, long timer) {
        }

        Fill(String key) {
            this.key = key;
        }

        /** Waits on the caller's context for the fill, at most {@code timeoutMillis}. */
        Future<FillResult> await(Context context, long timeoutMillis) {
            Promise<FillResult> promise = Promise.promise();
            synchronized (this) {
                if (result != null) {
                    return Future.succeededFuture(result);
                }
                long timer = vertx.setTimer(timeoutMillis, ignored -> promise.tryComplete(FillResult.TIMED_OUT));
                waiters.add(new Waiter(promise, context, timer));
            }
            return promise.future();
        }

        /** Called once by the leader; releases every waiter on its own context. */
        void finish(FillResult outcome) {
            List<Waiter> released;
            synchronized (this) {
                if (result != null) {
                    return;
                }
                result = outcome;
                released = new ArrayList<>(waiters);
                waiters.clear();
            }
            fills.remove(key, this);
            for (Waiter waiter : released) {
                waiter.context().runOnContext(ignored -> {
                    vertx.cancelTimer(waiter.timer());
                    waiter.promise().tryComplete(outcome);
                });
            }
        }
    }
}
