package io.tiercache.policy;

import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * What a route rule changes about the RFC defaults. Policy code takes this small record instead of
 * the route config, so that the rules stay pure and the overrides stay explicit (invariant 1).
 *
 * @param ignoreCacheControl   ignore the freshness directives of the origin's Cache-Control (max-age,
 *                             s-maxage, no-cache, must-revalidate, proxy-revalidate, stale-*); private
 *                             and no-store are always obeyed
 * @param ignoreExpires        ignore the origin's Expires
 * @param ignoreSetCookie      store responses that set cookies, with Set-Cookie removed for everyone
 * @param ignoreXAccelExpires  ignore the nginx X-Accel-Expires header
 * @param routeTtlSeconds      freshness for a status when the origin gives none; -1 for none
 * @param heuristicFreshness   allow RFC 9111 §4.2.2 heuristic freshness from Last-Modified
 * @param heuristicMaxSeconds  the longest heuristic freshness lifetime
 * @param staleWhileRevalidateSeconds window used when the origin sends no stale-while-revalidate
 * @param staleIfErrorSeconds  window used when the origin sends no stale-if-error
 * @param targetedFields       the cache's target list (RFC 9213 §2.2), most specific first
 */
public record CacheRules(
        boolean ignoreCacheControl,
        boolean ignoreExpires,
        boolean ignoreSetCookie,
        boolean ignoreXAccelExpires,
        IntToLongFunction routeTtlSeconds,
        boolean heuristicFreshness,
        long heuristicMaxSeconds,
        long staleWhileRevalidateSeconds,
        long staleIfErrorSeconds,
        List<String> targetedFields) {

    /** RFC 9111 §4.2.2 suggests 10% of the time since last modification; at most a day unless configured. */
    public static final long HEURISTIC_MAX_SECONDS = 86_400;

    /** The target list when none is configured: the field RFC 9213 §3 defines for CDNs. */
    public static final List<String> DEFAULT_TARGETED_FIELDS = List.of("CDN-Cache-Control");

    /** Plain RFC 9111 behaviour: nothing overridden. */
    public static final CacheRules RFC = new CacheRules(false, false, false, false, status -> -1, true,
            HEURISTIC_MAX_SECONDS, 0, 0, DEFAULT_TARGETED_FIELDS);

    public CacheRules {
        targetedFields = List.copyOf(targetedFields);
    }

    public long routeTtlFor(int status) {
        return routeTtlSeconds.applyAsLong(status);
    }
}
