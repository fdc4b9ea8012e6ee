package io.tiercache.proxy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fills in flight on this node, one per key, shared by every event loop: a request that finds
 * its key being fetched joins that fill (nginx proxy_cache_lock) instead of fetching again. Keys
 * whose last response could not be stored are remembered for a while (Varnish's hit-for-miss), so
 * that requests for them fetch on their own instead of queueing behind one fetch.
 */
final class Fills {

    /** A request's part in a fill: it started it (its leader), or it joined one in flight. */
    record Joined(Fill fill, boolean leader) {
    }

    /** How long a request handed to the full path to start a refresh counts as starting it. */
    static final Duration STARTING = Duration.ofMillis(500);

    private final ProxyNode node;
    private final ConcurrentHashMap<String, Fill> inFlight = new ConcurrentHashMap<>();
    private final Cache<String, Boolean> uncacheable;
    /**
     * Keys whose refresh a request handed to the full path is about to start ({@link FastHits}):
     * requests read before it gets there (a burst arrives in one turn of the event loop, and Vert.x
     * runs the handed request after that turn) are answered UPDATING too, instead of all going the
     * full path. A mark lasts until the refresh registers, or {@link #STARTING} at most should that
     * request not start one after all.
     */
    private final Cache<String, Boolean> starting = Caffeine.newBuilder().expireAfterWrite(STARTING)
            .maximumSize(100_000).build();

    Fills(ProxyNode node, Duration hitForMiss) {
        this.node = node;
        this.uncacheable = Caffeine.newBuilder().expireAfterWrite(hitForMiss).maximumSize(100_000).build();
    }

    /**
     * Joins the fill in flight for the request's key, or starts one. A key marked hit-for-miss gets
     * a fill of its own, neither registered nor leased.
     */
    Joined join(FillRequest request) {
        String key = request.key();
        if (hitForMiss(key)) {
            return new Joined(alone(request), true);
        }
        Fill created = new Fill(node, request, true);
        Fill running = inFlight.putIfAbsent(key, created);
        if (running != null) {
            return new Joined(running, false);
        }
        created.start();
        return new Joined(created, true);
    }

    /** A fill for this request only (hit-for-miss): the response may be personal, so no one else waits for it. */
    Fill alone(FillRequest request) {
        Fill fill = new Fill(node, request, false);
        fill.start();
        return fill;
    }

    /**
     * Starts a background refresh unless a fill of the key is in flight here already.
     *
     * @return true when this call started one (nginx reports STALE), false when one runs (UPDATING)
     */
    boolean refresh(FillRequest request) {
        starting.invalidate(request.key());
        Fill created = new Fill(node, request, true);
        Fill running = inFlight.putIfAbsent(request.key(), created);
        if (running == null) {
            created.start();
            return true;
        }
        if (running.startedAfter(request.candidate().response().responseTimeMillis())) {
            return false;
        }
        // The fill in flight is the one that brought this copy (its client has the body; it is still
        // storing it): it brings nothing newer, so the refresh starts once it is done.
        running.done(request.context()).onComplete(ended -> refresh(request));
        return true;
    }

    /**
     * Whether a fill of the key runs here that started after this copy of it was fetched: a stale
     * request for the copy is answered UPDATING and starts nothing ({@link #refresh}'s false).
     */
    boolean refreshing(String key, long copyResponseTimeMillis) {
        Fill running = inFlight.get(key);
        return running != null ? running.startedAfter(copyResponseTimeMillis) : starting.getIfPresent(key) != null;
    }

    /** A stale request for the key goes the full path to start its refresh: {@link #refreshing} until it does. */
    void refreshStarting(String key) {
        starting.put(key, Boolean.TRUE);
    }

    /** Called once by a registered fill as it completes. */
    void finished(Fill fill) {
        inFlight.remove(fill.key(), fill);
    }

    /** Whether the key's last response could not be stored, a while ago at most (hit-for-miss). */
    boolean hitForMiss(String key) {
        return uncacheable.getIfPresent(key) != null;
    }

    void markUncacheable(String key) {
        uncacheable.put(key, Boolean.TRUE);
    }

    /** A stored response ends hit-for-miss for its key. */
    void markCacheable(String key) {
        uncacheable.invalidate(key);
    }

    int inFlight() {
        return inFlight.size();
    }
}
