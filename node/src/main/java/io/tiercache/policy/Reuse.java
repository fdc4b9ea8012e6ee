package io.tiercache.policy;

/**
 * May a stored response answer this request, and how (RFC 9111 §4.2, §4.2.4, §5.2.1; RFC 5861)?
 * The caching decision as one pure computation, in the manner of OkHttp's CacheStrategy.
 */
public enum Reuse {
    /** Fresh and acceptable to the client: serve it. */
    FRESH,
    /** Stale, but the client's max-stale accepts it: serve it as is. */
    STALE_ACCEPTED,
    /** Stale within stale-while-revalidate (or soft-purged): serve it and refresh in the background. */
    STALE_WHILE_REVALIDATE,
    /** Must be validated with the origin before use (conditionally when it has validators). */
    REVALIDATE,
    /** Nothing usable is stored: fetch the response. */
    FETCH,
    /** Nothing usable is stored and the client forbade asking the origin (only-if-cached): 504. */
    UNAVAILABLE;

    public static Reuse decide(StoredFreshness stored, long ageMillis, ClientDirectives client) {
        boolean honoured = client.honoured();
        CacheControl cc = client.cacheControl();
        if (stored.revalidateAlways() || (honoured && client.noCache())) {
            return REVALIDATE;
        }
        long lifetime = stored.freshnessLifetimeMillis();
        boolean tooOldForClient = honoured && cc.maxAge() >= 0 && ageMillis > cc.maxAge() * 1000;
        if (!stored.softPurged() && ageMillis < lifetime) {
            boolean notFreshEnough = honoured && cc.minFresh() >= 0 && lifetime - ageMillis < cc.minFresh() * 1000;
            return tooOldForClient || notFreshEnough ? REVALIDATE : FRESH;
        }
        if (stored.staleForbidden()) {
            return REVALIDATE;
        }
        long staleness = stored.softPurged() ? Math.max(0, ageMillis - lifetime) : ageMillis - lifetime;
        // A soft-purged entry always refreshes: max-stale would serve it without the refresh the purge asked for.
        if (honoured && cc.maxStale() >= 0 && !tooOldForClient && !stored.softPurged()
                && (cc.maxStale() == CacheControl.ANY_STALENESS || staleness <= cc.maxStale() * 1000)) {
            return STALE_ACCEPTED;
        }
        if (tooOldForClient) {
            return REVALIDATE;
        }
        if (stored.softPurged() || staleness < stored.staleWhileRevalidateMillis()) {
            return STALE_WHILE_REVALIDATE;
        }
        return REVALIDATE;
    }

    /**
     * RFC 9111 §4.2.4: may the stored response stand in for an origin that cannot be reached (refused,
     * reset or closed the connection, or timed out), up to {@code windowMillis} past expiry?
     * must-revalidate, proxy-revalidate, no-cache and, for a shared cache, s-maxage forbid it.
     *
     * @param sharedMaxAge whether its lifetime came from s-maxage (§5.2.2.10)
     */
    public static boolean mayServeWhenUnreachable(StoredFreshness stored, long ageMillis, long windowMillis,
                                                  boolean sharedMaxAge) {
        if (stored.staleForbidden() || sharedMaxAge) {
            return false;
        }
        long lifetime = stored.freshnessLifetimeMillis();
        return (!stored.softPurged() && ageMillis < lifetime) || ageMillis - lifetime < windowMillis;
    }

    /** RFC 5861 §4: may the stored response stand in for an origin error? */
    public static boolean mayServeOnError(StoredFreshness stored, long ageMillis) {
        if (stored.staleForbidden()) {
            return false;
        }
        long lifetime = stored.freshnessLifetimeMillis();
        if (!stored.softPurged() && ageMillis < lifetime) {
            return true;
        }
        // Half-open like the stale-while-revalidate window: the response is stale from the instant its
        // age reaches its lifetime (§4.2), so without stale-if-error it never stands in (§4.2.4).
        return ageMillis - lifetime < stored.staleIfErrorMillis();
    }
}
