package io.tiercache.policy;

/**
 * What the client asked of the cache (RFC 9111 §5.2.1), after the route decided whether the
 * client may demand a fresh copy.
 *
 * @param honoured whether max-age, min-fresh, max-stale and no-cache from the client count; a route
 *                 may ignore them so that browser reloads do not reach the origin
 */
public record ClientDirectives(CacheControl cacheControl, boolean noCache, boolean honoured) {

    public static final ClientDirectives NONE = new ClientDirectives(CacheControl.NONE, false, true);

    public static ClientDirectives of(HeaderFields request, boolean honourClient) {
        String cacheControl = request.first("Cache-Control");
        String pragma = request.first("Pragma");
        if (cacheControl == null && pragma == null) {
            return honourClient ? NONE : new ClientDirectives(CacheControl.NONE, false, false);
        }
        CacheControl cc = cacheControl == null ? CacheControl.NONE : CacheControl.of(request);
        // §5.4: Pragma: no-cache counts only when the request has no Cache-Control.
        boolean noCache = cc.noCache() || (cacheControl == null && pragma.toLowerCase().contains("no-cache"));
        return new ClientDirectives(cc, noCache, honourClient);
    }

    public boolean onlyIfCached() {
        return cacheControl.onlyIfCached();
    }
}
