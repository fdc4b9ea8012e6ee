package io.tiercache.proxy;

import io.tiercache.config.CacheConfig;
import io.tiercache.config.RouteConfig;
import io.tiercache.policy.NormalisedPath;

import java.util.ArrayList;
import java.util.List;

/** The configured routes in order, then the implicit catch-all: the first match wins. */
final class RouteTable {

    private final List<Route> routes;
    private final Route catchAll;

    RouteTable(List<RouteConfig> configs, CacheConfig cache) {
        List<Route> compiled = new ArrayList<>(configs.size());
        for (RouteConfig config : configs) {
            compiled.add(new Route(config, cache));
        }
        this.routes = List.copyOf(compiled);
        this.catchAll = new Route(RouteConfig.catchAll(), cache);
    }

    Route match(NormalisedPath path) {
        for (Route route : routes) {
            if (route.config().match().matches(path.path(), path.slashed())) {
                return route;
            }
        }
        return catchAll;
    }
}
