package io.tiercache.proxy;

import io.netty.util.AsciiString;
import io.tiercache.config.ClientNoCache;
import io.tiercache.config.IgnoredHeader;
import io.tiercache.config.RouteConfig;
import io.tiercache.config.StaleCondition;
import io.tiercache.policy.CacheRules;
import io.tiercache.store.CacheLocation;
import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;
import java.util.List;

/** A route rule compiled for the request path: its policy overrides and its cache-key builder. */
final class Route {

    private final RouteConfig config;
    private final CacheRules rules;
    private final CacheKeyBuilder key;
    /** The bypass header names, hashed once: a header lookup by String hashes the name every time. */
    private final List<AsciiString> bypassHeaders;

    Route(RouteConfig config) {
        this.config = config;
        this.key = new CacheKeyBuilder(config.key());
        this.bypassHeaders = config.bypass().headers().stream().map(AsciiString::cached).toList();
        this.rules = new CacheRules(
                config.ignoreHeaders().contains(IgnoredHeader.CACHE_CONTROL),
                config.ignoreHeaders().contains(IgnoredHeader.EXPIRES),
                config.ignoreHeaders().contains(IgnoredHeader.SET_COOKIE),
                config.ignoreHeaders().contains(IgnoredHeader.X_ACCEL_EXPIRES),
                status -> config.ttl().forStatus(status).map(Duration::toSeconds).orElse(-1L),
                config.heuristicFreshness(),
                config.staleWhileRevalidate().toSeconds(),
                config.staleIfError().toSeconds());
    }

    String name() {
        return config.name();
    }

    RouteConfig config() {
        return config;
    }

    CacheRules rules() {
        return rules;
    }

    boolean caches() {
        return config.cache();
    }

    boolean honoursClient() {
        return config.clientNoCache() == ClientNoCache.HONOUR;
    }

    boolean usesStaleOn(StaleCondition condition) {
        return config.useStale().contains(condition);
    }

    /** Whether the route caches this status on purpose (a TTL names it), so a refresh may store it. */
    boolean cachesStatusOnPurpose(int status) {
        return config.ttl().forStatus(status).isPresent();
    }

    /** Why the request must skip the cache (like nginx proxy_cache_bypass + proxy_no_cache), or null. */
    String bypassReason(HttpServerRequest request) {
        for (AsciiString header : bypassHeaders) {
            if (request.headers().contains(header)) {
                return "header " + header;
            }
        }
        for (String cookie : config.bypass().cookies()) {
            if (request.getCookie(cookie) != null) {
                return "cookie " + cookie;
            }
        }
        return null;
    }

    CacheLocation locate(RequestTarget target, HttpServerRequest request) {
        String url = target.url();
        return new CacheLocation(key.build(target, url, request), url, target.host(), target.path(), target.pathQuery());
    }
}
