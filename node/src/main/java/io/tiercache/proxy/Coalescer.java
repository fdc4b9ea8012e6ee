package io.tiercache.proxy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

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
        /** The response was not storable (or not usable): fetch on your own. */
        NOT_STORED,
        /** The origin failed or timed out: a waiter holding a stale copy may serve it (stale-if-error). */
        ORIGIN_FAILED,
        /** The waiter gave up waiting (lock timeout). */
        TIMED_OUT
    }

    /** A claim on a key: either this request leads the fill, or it may wait for the leader. */
    record Claim(Fill fill, boolean leader) {
    }

    private final ConcurrentHashMap<String, Fill> fills = new ConcurrentHashMap<>();
    private final Vertx vertx;

    Coalescer(Vertx vertx) {
        this.vertx = vertx;
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
