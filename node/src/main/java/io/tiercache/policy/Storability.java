package io.tiercache.policy;

import java.util.List;

/**
 * Whether a shared cache may store a response, and for how long (RFC 9111 §3, §4.2, RFC 5861).
 */
public final class Storability {

    private Storability() {
    }

    /** RFC 9110 §15.1: statuses a cache may store with heuristic or route freshness. */
    public static boolean heuristicallyCacheable(int status) {
        return switch (status) {
            case 200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501 -> true;
            default -> false;
        };
    }

    /**
     * RFC 9111 §5.2.2.3: the final statuses whose caching rules tiercache implements, those RFC 9110
     * §15 defines (206 and 304 are never stored as such, so they are not among them).
     */
    static boolean understood(int status) {
        return switch (status) {
            case 200, 201, 202, 203, 204, 205, 300, 301, 302, 303, 305, 307, 308, 400, 401, 402, 403, 404, 405, 406,
                 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 421, 422, 426, 500, 501, 502, 503, 504,
                 505 -> true;
            default -> false;
        };
    }

    /**
     * @param method             the method sent to the origin (HEAD requests are fetched as GET)
     * @param request            the request headers as sent by the client
     * @param responseTimeSeconds when the response arrived, for Expires and X-Accel-Expires maths
     */
    public static StoreDecision decide(String method, HeaderFields request, int status, HeaderFields response,
                                       CacheRules rules, long responseTimeSeconds) {
        if (!"GET".equals(method)) {
            return StoreDecision.refuse("method " + method);
        }
        // §3: the status must be final; partial content and 304s are not stored as such.
        if (status < 200 || status == 206 || status == 304) {
            return StoreDecision.refuse("status " + status);
        }
        if (CacheControl.of(request).noStore()) {
            return StoreDecision.refuse("request no-store");
        }
        ResponseDirectives directives = ResponseDirectives.of(response, rules.targetedFields());
        CacheControl origin = directives.cacheControl();
        // §5.2.2.3: a cache that knows the status's caching rules ignores no-store; one that does not, never stores.
        if (origin.mustUnderstand() && !understood(status)) {
            return StoreDecision.refuse("must-understand status " + status);
        }
        // §5.2.2.5, §5.2.2.7: always obeyed, even when a route ignores the rest of Cache-Control.
        if (origin.noStore() && !origin.mustUnderstand()) {
            return StoreDecision.refuse("no-store");
        }
        if (origin.isPrivate()) {
            return StoreDecision.refuse("private");
        }
        // §3.5: a response to an authenticated request is shared only when the origin says so.
        if (request.contains("Authorization") && !(origin.isPublic() || origin.hasSMaxAge() || origin.mustRevalidate())) {
            return StoreDecision.refuse("authorization");
        }
        boolean setsCookie = response.contains("Set-Cookie");
        if (setsCookie && !rules.ignoreSetCookie()) {
            return StoreDecision.refuse("set-cookie");
        }
        List<String> vary = Vary.fieldNames(response);
        if (Vary.isWildcard(vary)) {
            return StoreDecision.refuse("vary *");
        }
        if (!rules.ignoreXAccelExpires() && "0".equals(trimmed(response.first("X-Accel-Expires")))) {
            return StoreDecision.refuse("x-accel-expires 0");
        }

        CacheControl cc = rules.ignoreCacheControl() ? CacheControl.NONE : origin;
        FreshnessLifetime lifetime = FreshnessLifetime.of(status, response, cc, directives.expiresApplies(), rules,
                responseTimeSeconds);
        if (lifetime.source() == FreshnessLifetime.Source.NONE && !heuristicallyCacheable(status)) {
            return StoreDecision.refuse("status " + status + " without explicit freshness");
        }
        // §4.2.4: these directives forbid serving the response stale.
        boolean staleForbidden = cc.mustRevalidate() || cc.proxyRevalidate() || cc.noCache();
        long swr = staleForbidden ? 0 : window(cc.staleWhileRevalidate(), rules.staleWhileRevalidateSeconds());
        long sie = staleForbidden ? 0 : window(cc.staleIfError(), rules.staleIfErrorSeconds());
        boolean hasValidator = response.contains("ETag") || response.contains("Last-Modified");
        // §5.2.2.4: no-cache means every reuse needs a successful validation.
        boolean revalidateAlways = cc.noCache();
        if (revalidateAlways && !hasValidator) {
            return StoreDecision.refuse("no-cache without validator");
        }
        if (lifetime.seconds() <= 0 && swr <= 0 && sie <= 0
                && !(hasValidator && (lifetime.source().explicit() || revalidateAlways))) {
            return StoreDecision.refuse("no freshness");
        }
        return new StoreDecision(true, "storable", lifetime, swr, sie, revalidateAlways, staleForbidden, setsCookie);
    }

    /** The origin's own directive wins; the route's window applies when the origin is silent. */
    private static long window(long originSeconds, long routeSeconds) {
        return originSeconds >= 0 ? originSeconds : Math.max(0, routeSeconds);
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }
}
