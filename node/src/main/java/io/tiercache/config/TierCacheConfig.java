package io.tiercache.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The whole configuration of a node.
 *
 * @param routes the configured routes in order; {@link #routeFor} adds the catch-all after them
 */
public record TierCacheConfig(
        NodeConfig node,
        OriginConfig origin,
        CacheConfig cache,
        ClusterConfig cluster,
        AdminConfig admin,
        List<RouteConfig> routes) {

    public TierCacheConfig {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(admin, "admin");
        routes = List.copyOf(routes);
    }

    /**
     * The longest time past expiry any route lets a stored response stand in for an unreachable origin:
     * how long the store keeps expired entries that may be served so.
     */
    public Duration longestStaleIfUnreachable() {
        Duration longest = cache.staleIfUnreachable();
        for (RouteConfig route : routes) {
            if (route.staleIfUnreachable() != null && route.staleIfUnreachable().compareTo(longest) > 0) {
                longest = route.staleIfUnreachable();
            }
        }
        return longest;
    }

    /** The first configured route that matches the path (without query), else {@link RouteConfig#catchAll()}. */
    public RouteConfig routeFor(String path) {
        for (RouteConfig route : routes) {
            if (route.match().matches(path)) {
                return route;
            }
        }
        return RouteConfig.catchAll();
    }
}
