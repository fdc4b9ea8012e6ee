package io.tiercache.proxy;

import io.netty.util.AsciiString;
import io.tiercache.config.CacheConfig;
import io.tiercache.config.ClientNoCache;
import io.tiercache.config.ExtensionMediaTypes;
import io.tiercache.config.IgnoredHeader;
import io.tiercache.config.RouteCompression;
import io.tiercache.config.RouteConfig;
import io.tiercache.config.StaleCondition;
import io.tiercache.config.StrippedHeader;
import io.tiercache.policy.CacheRules;
import io.tiercache.store.CacheLocation;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** A route rule compiled for the request path: its policy overrides and its cache-key builder. */
final class Route {

    private final RouteConfig config;
    private final CacheRules rules;
    private final CacheKeyBuilder key;
    private static final AsciiString COOKIE = AsciiString.cached("Cookie");
    /** The bypass header names, hashed once: a header lookup by String hashes the name every time. */
    private final List<AsciiString> bypassHeaders;
    /** The override headers removed from requests on this route, hashed once. */
    private final List<AsciiString> stripped;
    private final long staleIfUnreachableMillis;
    private final long sliceBytes;
    private final RouteCompression compression;

    /** @param cache the cache-wide settings a route inherits where it says nothing */
    Route(RouteConfig config, CacheConfig cache) {
        this.config = config;
        this.sliceBytes = config.sliceSize().orElse(cache.sliceBytes());
        this.compression = config.compress() != null ? config.compress() : cache.compress();
        String noBrotli = compression.codings().contains(RouteCompression.Coding.BR) ? Compressor.brotliUnavailable()
                : null;
        if (noBrotli != null) {
            throw new IllegalStateException("route " + config.name() + ": compress with br, but " + noBrotli
                    + "; list only gzip under compress.codings");
        }
        List<String> forwarded = config.forwardHeaders().stream().sorted().map(StrippedHeader::headerName).toList();
        this.key = new CacheKeyBuilder(config.key(), forwarded);
        this.bypassHeaders = config.bypass().headers().stream().map(AsciiString::cached).toList();
        this.stripped = Arrays.stream(StrippedHeader.values()).filter(header -> !config.forwardHeaders().contains(header))
                .map(header -> AsciiString.cached(header.headerName())).toList();
        this.rules = new CacheRules(
                config.ignoreHeaders().contains(IgnoredHeader.CACHE_CONTROL),
                config.ignoreHeaders().contains(IgnoredHeader.EXPIRES),
                config.ignoreHeaders().contains(IgnoredHeader.SET_COOKIE),
                config.ignoreHeaders().contains(IgnoredHeader.X_ACCEL_EXPIRES),
                status -> config.ttl().forStatus(status).map(Duration::toSeconds).orElse(-1L),
                config.heuristicFreshness() != null ? config.heuristicFreshness() : cache.heuristicFreshness(),
                cache.heuristicMax().toSeconds(),
                config.staleWhileRevalidate().toSeconds(),
                config.staleIfError().toSeconds(),
                cache.targetedFields());
        this.staleIfUnreachableMillis = (config.staleIfUnreachable() != null ? config.staleIfUnreachable()
                : cache.staleIfUnreachable()).toMillis();
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

    /** The size of the slices this route fetches and stores objects in; 0 when it does not slice. */
    long sliceBytes() {
        return sliceBytes;
    }

    /** Which responses this route stores compressed; {@link RouteCompression#OFF} for none. */
    RouteCompression compression() {
        return compression;
    }

    boolean honoursClient() {
        return config.clientNoCache() == ClientNoCache.HONOUR;
    }

    /** How long past expiry a stored response may stand in for an origin that cannot be reached (RFC 9111 §4.2.4). */
    long staleIfUnreachableMillis() {
        return staleIfUnreachableMillis;
    }

    boolean usesStaleOn(StaleCondition condition) {
        return config.useStale().contains(condition);
    }

    /** Whether the route caches this status on purpose (a TTL names it), so a refresh may store it. */
    boolean cachesStatusOnPurpose(int status) {
        return config.ttl().forStatus(status).isPresent();
    }

    /**
     * Removes the override headers this route does not forward, before anything reads the request:
     * the origin must not answer a different URL, method, scheme or host than the key says.
     */
    void stripOverrides(MultiMap headers) {
        for (AsciiString header : stripped) {
            headers.remove(header);
        }
    }

    /**
     * Whether a plain request on this route may be answered by {@link FastHits}: the route caches,
     * and its key is the URL alone (no template parts from fields or cookies, no forwarded override).
     */
    boolean servesPlainHits() {
        return config.cache() && key.isPlainUrl();
    }

    /**
     * For {@link FastHits}: whether the request may skip the cache or force a refresh on this route,
     * judged conservatively (any Cookie line counts when the route bypasses on cookies).
     */
    boolean bypasses(MultiMap headers) {
        for (AsciiString header : bypassHeaders) {
            if (headers.contains(header)) {
                return true;
            }
        }
        String force = config.forceRefreshHeader();
        return (!config.bypass().cookies().isEmpty() && headers.contains(COOKIE))
                || (force != null && headers.contains(force));
    }

    /** Why the request must skip the cache (like nginx proxy_cache_bypass + proxy_no_cache), or null. */
    String bypassReason(HttpServerRequest request) {
        for (AsciiString header : bypassHeaders) {
            if (request.headers().contains(header)) {
                return "header " + header;
            }
        }
        List<String> cookieNames = config.bypass().cookies();
        if (!cookieNames.isEmpty()) {
            RequestCookies cookies = RequestCookies.of(request.headers());
            for (String cookie : cookieNames) {
                if (cookies.contains(cookie)) {
                    return "cookie " + cookie;
                }
            }
        }
        return null;
    }

    /**
     * Whether a response may be stored for this path as far as the route's content-type check goes:
     * a page answered for {@code /account.php/x.css} is not a stylesheet (web cache deception).
     */
    boolean acceptsContentType(String path, String contentType) {
        return !config.contentTypeMustMatchExtension() || ExtensionMediaTypes.matches(path, contentType);
    }

    CacheLocation locate(RequestTarget target, HttpServerRequest request) {
        String url = target.url();
        return new CacheLocation(key.build(target, url, request), url, target.host(), target.path(), target.pathQuery());
    }
}
