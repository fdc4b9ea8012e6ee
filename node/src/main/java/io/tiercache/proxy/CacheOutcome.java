package io.tiercache.proxy;

/** nginx's $upstream_cache_status values, sent as X-Cache-Status on every response. */
public enum CacheOutcome {
    /** Served from cache, fresh. */
    HIT,
    /** Nothing usable stored; fetched from the origin. */
    MISS,
    /** A stored response had expired; fetched again in full. */
    EXPIRED,
    /** Served stale: stale-while-revalidate, client max-stale, or the origin failing (stale-if-error). */
    STALE,
    /** Served stale while another request refreshes it. */
    UPDATING,
    /** Expired, and the origin confirmed it unchanged with a 304. */
    REVALIDATED,
    /** The cache was skipped: a route rule, a bypass condition, or a method or request it does not cache. */
    BYPASS
}
