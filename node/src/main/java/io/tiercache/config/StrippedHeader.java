package io.tiercache.config;

/**
 * A request header that frameworks read to override the URL, method, scheme or host of a request.
 * The cache keys a request on its request line and Host, so a client could make the origin answer
 * something else under a page's key; these are removed before a request reaches the origin, unless
 * a route forwards one (and then it becomes part of that route's cache key).
 */
public enum StrippedHeader {
    /** IIS URL Rewrite, Symfony, Zend, Drupal: route on this instead of the request line. */
    X_ORIGINAL_URL("X-Original-URL"),
    X_REWRITE_URL("X-Rewrite-URL"),
    /** Express method-override, Symfony, ASP.NET, Google APIs: a GET becomes a POST, PUT or DELETE. */
    X_HTTP_METHOD_OVERRIDE("X-HTTP-Method-Override"),
    X_HTTP_METHOD("X-HTTP-Method"),
    X_METHOD_OVERRIDE("X-Method-Override"),
    /** Rack, Rails, Symfony, IIS: the scheme behind links and https redirects. */
    X_FORWARDED_SCHEME("X-Forwarded-Scheme"),
    X_FORWARDED_SSL("X-Forwarded-SSL"),
    X_URL_SCHEME("X-Url-Scheme"),
    FRONT_END_HTTPS("Front-End-Https"),
    /** Spring, ASP.NET, Traefik: the path base of generated links. */
    X_FORWARDED_PREFIX("X-Forwarded-Prefix"),
    /** Hosts some frameworks prefer to Host when building absolute links. */
    X_FORWARDED_SERVER("X-Forwarded-Server"),
    X_HOST("X-Host"),
    X_ORIGINAL_HOST("X-Original-Host");

    private final String headerName;

    StrippedHeader(String headerName) {
        this.headerName = headerName;
    }

    /** The header name as written in the config, e.g. {@code X-Original-URL}; matched ignoring case. */
    public String headerName() {
        return headerName;
    }
}
