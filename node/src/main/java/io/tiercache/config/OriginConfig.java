package io.tiercache.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The origin server the cache stands in front of.
 *
 * @param url            scheme, host and optional port of the origin; no path, query or user info
 * @param connectTimeout how long to wait for a connection to the origin
 * @param readTimeout    how long to wait for the origin's response
 * @param maxConnections the most connections this node opens to the origin
 * @param preserveHost   true to forward the client's Host header (as Varnish does), false to send the origin's host
 */
public record OriginConfig(URI url, Duration connectTimeout, Duration readTimeout, int maxConnections,
                           boolean preserveHost) {
    public OriginConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
    }
}
