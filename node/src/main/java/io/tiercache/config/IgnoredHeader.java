package io.tiercache.config;

import java.util.Locale;

/**
 * An origin response header that a route tells the cache to disregard when deciding whether and how
 * long to store a response, like nginx's {@code proxy_ignore_headers}.
 */
public enum IgnoredHeader {
    CACHE_CONTROL("Cache-Control"),
    EXPIRES("Expires"),
    SET_COOKIE("Set-Cookie"),
    X_ACCEL_EXPIRES("X-Accel-Expires");

    private final String headerName;

    IgnoredHeader(String headerName) {
        this.headerName = headerName;
    }

    /** The HTTP header name, e.g. {@code Cache-Control}. */
    public String headerName() {
        return headerName;
    }

    /** The name used in the config file, e.g. {@code cache-control}. */
    public String configName() {
        return headerName.toLowerCase(Locale.ROOT);
    }
}
