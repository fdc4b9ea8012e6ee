package io.tiercache.proxy;

import io.tiercache.store.CachedResponse;
import io.vertx.core.http.HttpHeaders;

/**
 * One response's RFC 9211 Cache-Status entry for this cache, and its nginx-style X-Cache-Status,
 * built from typed values by the factories below (one per thing the cache can do).
 *
 * @param fwd       why the request went forward, or null for a hit
 * @param fwdStatus the origin's status when forwarded, else 0
 * @param ttl       seconds of freshness left (negative when stale), or null when not from cache
 * @param detail    a short reason, e.g. why a response was not stored
 */
record CacheStatus(CacheOutcome outcome, Fwd fwd, int fwdStatus, boolean stored, boolean collapsed, Long ttl,
                   String detail) {

    /** The identifier this cache uses in Cache-Status and Via. */
    static final String CACHE_NAME = "tiercache";

    /** RFC 9211 §2.2: why a request went forward. */
    enum Fwd {
        BYPASS("bypass"), METHOD("method"), URI_MISS("uri-miss"), VARY_MISS("vary-miss"), MISS("miss"),
        REQUEST("request"), STALE("stale"), PARTIAL("partial");

        private final String token;

        Fwd(String token) {
            this.token = token;
        }

        String token() {
            return token;
        }
    }

    /** Where {@link #render} starts the detail, which it puts last. */
    private static final String DETAIL = "; detail=";

    /**
     * Plain hits, with their entry rendered, once per ttl value: the hits on one object within a
     * second share one. Threads racing on a slot may each make one; entries are immutable, so
     * whichever lands is right.
     */
    private static final RenderedHit[] RENDERED_HITS = new RenderedHit[1024];

    private record RenderedHit(CacheStatus status, String header, CharSequence field) {
    }

    /** A fresh stored response. */
    static CacheStatus hit(long ttlSeconds) {
        int slot = (int) (ttlSeconds & (RENDERED_HITS.length - 1));
        RenderedHit rendered = RENDERED_HITS[slot];
        if (rendered == null || rendered.status().ttl() != ttlSeconds) {
            CacheStatus status = new CacheStatus(CacheOutcome.HIT, null, 0, false, false, ttlSeconds, null);
            String header = status.render();
            rendered = new RenderedHit(status, header, HttpHeaders.createOptimized(header));
            RENDERED_HITS[slot] = rendered;
        }
        return rendered.status();
    }

    /** A response another request's fetch stored a moment ago; this one waited for it. */
    static CacheStatus collapsed(Fwd miss, long ttlSeconds) {
        return new CacheStatus(CacheOutcome.HIT, miss, 0, false, true, ttlSeconds, null);
    }

    /**
     * A stale stored response served without waiting for the origin.
     *
     * @param outcome STALE, or UPDATING when another request's refresh of it runs
     * @param why     max-stale, stale-while-revalidate, soft-purged
     */
    static CacheStatus servedStale(CacheOutcome outcome, long ttlSeconds, String why) {
        return new CacheStatus(outcome, null, 0, false, false, ttlSeconds, why);
    }

    /**
     * A stale-while-revalidate or soft-purged stored response served while it is refreshed in the
     * background: STALE when this request started the refresh, UPDATING when one already runs.
     */
    static CacheStatus whileRevalidating(CachedResponse response, boolean startedRefresh, long now) {
        return servedStale(startedRefresh ? CacheOutcome.STALE : CacheOutcome.UPDATING, ttlSeconds(response, now),
                response.softPurged() ? "soft-purged" : "stale-while-revalidate");
    }

    /** The Cache-Status ttl of a stored response: whole seconds of freshness left, at most 0 once soft-purged. */
    static long ttlSeconds(CachedResponse response, long now) {
        long ttl = Math.floorDiv(response.freshnessLeftMillis(now), 1000);
        return response.softPurged() ? Math.min(0, ttl) : ttl;
    }

    /** RFC 5861 stale-if-error: a stored response standing in for the origin's failure. */
    static CacheStatus staleOnError(long ttlSeconds) {
        return new CacheStatus(CacheOutcome.STALE, Fwd.STALE, 0, false, false, ttlSeconds, "stale-if-error");
    }

    /** RFC 9111 §4.2.4: a stored response standing in for an origin that cannot be reached. */
    static CacheStatus staleWhenUnreachable(long ttlSeconds, boolean timedOut) {
        return new CacheStatus(CacheOutcome.STALE, Fwd.STALE, 0, false, false, ttlSeconds,
                timedOut ? "origin timeout" : "origin unreachable");
    }

    /**
     * A response fetched from the origin.
     *
     * @param expired whether a stored response was replaced (EXPIRED) rather than none found (MISS)
     * @param detail  why it was not stored, or null
     */
    static CacheStatus fetched(boolean expired, Fwd fwd, int originStatus, boolean stored, String detail) {
        return new CacheStatus(expired ? CacheOutcome.EXPIRED : CacheOutcome.MISS, fwd, originStatus, stored, false,
                null, detail);
    }

    /** The origin confirmed the stored response with a 304 (RFC 9111 §4.3.4). */
    static CacheStatus revalidated(boolean stored, long ttlSeconds) {
        return new CacheStatus(CacheOutcome.REVALIDATED, Fwd.STALE, 304, stored, false, ttlSeconds, null);
    }

    /** The origin could not be asked, or failed, and nothing stored may stand in. */
    static CacheStatus originFailed(boolean expired, Fwd fwd, String detail) {
        return new CacheStatus(expired ? CacheOutcome.EXPIRED : CacheOutcome.MISS, fwd, 0, false, false, null, detail);
    }

    /** Nothing usable stored and the client said only-if-cached (RFC 9111 §5.2.1.7). */
    static CacheStatus unavailable(Fwd miss) {
        return new CacheStatus(CacheOutcome.MISS, miss, 0, false, false, null, "only-if-cached");
    }

    /** The cache was skipped (a route, a bypass rule, a method, a malformed request). */
    static CacheStatus bypass(Fwd fwd, String detail) {
        return new CacheStatus(CacheOutcome.BYPASS, fwd, 0, false, false, null, detail);
    }

    CacheStatus withFwdStatus(int status) {
        return new CacheStatus(outcome, fwd, status, stored, collapsed, ttl, detail);
    }

    CacheStatus withDetail(String newDetail) {
        return new CacheStatus(outcome, fwd, fwdStatus, stored, collapsed, ttl, newDetail);
    }

    CacheStatus notStored(String why) {
        return new CacheStatus(outcome, fwd, fwdStatus, false, collapsed, ttl, why);
    }

    String header() {
        RenderedHit rendered = rendered();
        return rendered != null ? rendered.header() : render();
    }

    /** {@link #header()} ready for a Vert.x header map: a hit's is rendered once per ttl second, as bytes. */
    CharSequence headerField() {
        RenderedHit rendered = rendered();
        return rendered != null ? rendered.field() : render();
    }

    /**
     * A rendered entry without its detail, for {@code cache.status-detail: minimal}: the detail can
     * name routes, bypass headers and cookies. The same String when it has none, as a hit.
     */
    static String withoutDetail(String rendered) {
        int detail = rendered.indexOf(DETAIL);
        return detail < 0 ? rendered : rendered.substring(0, detail);
    }

    /** This status's rendering when it is the plain hit that {@link #hit} made for its ttl, else null. */
    private RenderedHit rendered() {
        RenderedHit rendered = ttl == null ? null : RENDERED_HITS[(int) (ttl & (RENDERED_HITS.length - 1))];
        return rendered != null && rendered.status() == this ? rendered : null;
    }

    private String render() {
        StringBuilder value = new StringBuilder(48).append(CACHE_NAME);
        if (fwd == null) {
            value.append("; hit");
        } else {
            value.append("; fwd=").append(fwd.token());
            if (fwdStatus > 0) {
                value.append("; fwd-status=").append(fwdStatus);
            }
        }
        if (stored) {
            value.append("; stored");
        }
        if (collapsed) {
            value.append("; collapsed");
        }
        if (ttl != null) {
            value.append("; ttl=").append(ttl);
        }
        if (detail != null) {
            value.append(DETAIL).append('"').append(detail.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return value.toString();
    }
}
