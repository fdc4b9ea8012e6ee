package io.tiercache.config;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How the cache treats the requests of one route: whether it caches them, for how long, under which
 * key, and when it may serve stale copies.
 *
 * @param name                 unique name, shown in logs and metrics
 * @param match                which paths the route applies to
 * @param cache                false to pass requests straight to the origin, never reading or writing the cache
 * @param ttl                  time to live by status, used like nginx's {@code proxy_cache_valid}
 * @param ignoreHeaders        origin response headers disregarded when deciding what to store and for how long
 * @param key                  how the cache key is built
 * @param bypass               request headers and cookies that make a request skip the cache
 * @param staleWhileRevalidate how long past expiry an entry may be served while one node refreshes it
 * @param staleIfError         how long past expiry an entry may be served when the origin fails
 * @param useStale             which origin failures count as errors for {@code staleIfError}
 * @param clientNoCache        whether a client's {@code no-cache} may force revalidation
 * @param heuristicFreshness   whether responses without explicit freshness get a heuristic lifetime (RFC 9111 §4.2.2);
 *                             null for the cache-wide {@code cache.heuristic-freshness}
 * @param forceRefreshHeader   a request header that forces a fresh fetch from the origin, or {@code null}
 * @param forwardHeaders       stripped request headers this route forwards to the origin, each part of the key
 * @param contentTypeMustMatchExtension store a response only when its Content-Type is one that the
 *                             path's extension stands for ({@link ExtensionMediaTypes})
 * @param staleIfUnreachable   how long past expiry an entry may stand in for an unreachable origin;
 *                             null for the cache-wide {@code cache.stale-if-unreachable}
 * @param sliceSize            the route's slice size (0: slicing off), or empty to take {@code cache.slice-size}
 * @param compress             which responses the route stores compressed ({@link RouteCompression#OFF}: none);
 *                             null for the cache-wide {@code cache.compress}
 */
public record RouteConfig(
        String name,
        RouteMatch match,
        boolean cache,
        TtlRules ttl,
        Set<IgnoredHeader> ignoreHeaders,
        CacheKeyTemplate key,
        Bypass bypass,
        Duration staleWhileRevalidate,
        Duration staleIfError,
        Set<StaleCondition> useStale,
        ClientNoCache clientNoCache,
        Boolean heuristicFreshness,
        String forceRefreshHeader,
        Set<StrippedHeader> forwardHeaders,
        boolean contentTypeMustMatchExtension,
        Duration staleIfUnreachable, OptionalLong sliceSize, RouteCompression compress) {

    /** The name of the implicit route that follows the configured ones. */
    public static final String CATCH_ALL_NAME = "default";

    private static final RouteConfig CATCH_ALL = new RouteConfig(CATCH_ALL_NAME, RouteMatch.everything(), true,
            TtlRules.none(), Set.of(), CacheKeyTemplate.defaultTemplate(), Bypass.defaults(), Duration.ZERO,
            Duration.ZERO, StaleCondition.defaults(), ClientNoCache.HONOUR, null, null, Set.of(), false, null,
            OptionalLong.empty(), null);

    public RouteConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(ttl, "ttl");
        ignoreHeaders = Set.copyOf(ignoreHeaders);
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(bypass, "bypass");
        Objects.requireNonNull(staleWhileRevalidate, "staleWhileRevalidate");
        Objects.requireNonNull(staleIfError, "staleIfError");
        useStale = Set.copyOf(useStale);
        Objects.requireNonNull(clientNoCache, "clientNoCache");
        forwardHeaders = Set.copyOf(forwardHeaders);
        Objects.requireNonNull(sliceSize, "sliceSize");
    }

    /**
     * The route for requests no configured route matches: caches what HTTP allows, with the default
     * key and bypass, and no overrides.
     */
    public static RouteConfig catchAll() {
        return CATCH_ALL;
    }
}
