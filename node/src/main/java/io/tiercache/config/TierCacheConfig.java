package io.tiercache.config;

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
