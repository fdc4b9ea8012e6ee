package io.tiercache.proxy;

import io.tiercache.policy.NormalisedPath;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;
import java.util.Locale;

/**
 * The request's target as the cache sees it: scheme, host (lower case, default port dropped),
 * normalised path and raw query. Built from a validated Host header (RFC 9112 §3.2) or an
 * absolute-form request target, and from how the request arrived.
 *
 * @param scheme           {@code http}, or a trusted proxy's {@code X-Forwarded-Proto}
 * @param normalisedPath   the path in the one form routes, keys, purges and the origin see
 * @param fromTrustedProxy whether the peer is a trusted proxy, whose forwarding fields the origin gets as given
 * @param port             the port the request arrived on, for X-Forwarded-Port
 */
record RequestTarget(String scheme, String host, NormalisedPath normalisedPath, String query, boolean fromTrustedProxy,
                     int port) {

    /** A request whose target cannot be served; the message is the short reason sent with the 400. */
    static final class Invalid extends RuntimeException {
        private final String detail;

        Invalid(String message, String detail) {
            super(message, null, false, false);
            this.detail = detail;
        }

        /** The Cache-Status detail. */
        String detail() {
            return detail;
        }
    }

    /** OPTIONS * (RFC 9112 §3.2.4) names the server, not a path: forwarded as it is. */
    private static final NormalisedPath ASTERISK = new NormalisedPath("*", "*");

    /**
     * The target of a request.
     *
     * @throws Invalid when its Host is missing, repeated or malformed, or its path has no safe normal form
     */
    static RequestTarget of(HttpServerRequest request, ForwardedFields forwarding) {
        String uri = request.uri();
        String authority;
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd > 0 && uri.charAt(0) != '/') {
            int authorityEnd = uri.indexOf('/', schemeEnd + 3);
            authority = uri.substring(schemeEnd + 3, authorityEnd < 0 ? uri.length() : authorityEnd);
        } else {
            List<String> hosts = request.headers().getAll(HttpHeaders.HOST);
            if (hosts.size() > 1) {
                throw badHost();
            }
            if (hosts.isEmpty()) {
                // RFC 9112 §3.2: HTTP/1.1 requests must carry Host; HTTP/1.0 ones may not.
                if (request.version() != io.vertx.core.http.HttpVersion.HTTP_1_0) {
                    throw badHost();
                }
                authority = "localhost";
            } else {
                authority = hosts.get(0).trim();
            }
        }
        String host = normaliseAuthority(authority);
        if (host == null) {
            throw badHost();
        }
        String path = request.path();
        NormalisedPath normalised;
        try {
            normalised = "*".equals(path) ? ASTERISK : NormalisedPath.of(path == null || path.isEmpty() ? "/" : path);
        } catch (NormalisedPath.Invalid invalid) {
            throw new Invalid(invalid.getMessage(), "bad path");
        }
        boolean trusted = forwarding.trusts(request);
        return new RequestTarget(ForwardedFields.scheme(request.headers(), trusted), host, normalised, request.query(),
                trusted, request.localAddress() == null ? 0 : request.localAddress().port());
    }

    private static Invalid badHost() {
        return new Invalid("missing or malformed Host header", "bad host");
    }

    /** The normalised path, {@code %2F} kept: what the cache key and the origin see. */
    String path() {
        return normalisedPath.path();
    }

    String pathQuery() {
        String path = path();
        return query == null ? path : path + '?' + query;
    }

    String url() {
        return scheme + "://" + host + pathQuery();
    }

    /** RFC 3986 host [":" port], lower-cased with the default port removed; null when malformed. */
    static String normaliseAuthority(String authority) {
        if (authority.isEmpty()) {
            return null;
        }
        String host;
        String port = null;
        if (authority.charAt(0) == '[') {
            int close = authority.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = authority.substring(0, close + 1);
            for (int i = 1; i < close; i++) {
                char c = authority.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    return null;
                }
            }
            String rest = authority.substring(close + 1);
            if (!rest.isEmpty()) {
                if (rest.charAt(0) != ':') {
                    return null;
                }
                port = rest.substring(1);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? null : authority.substring(colon + 1);
            if (host.isEmpty()) {
                return null;
            }
            for (int i = 0; i < host.length(); i++) {
                if (!isRegNameChar(host.charAt(i))) {
                    return null;
                }
            }
        }
        if (port != null) {
            if (port.length() > 5) {
                return null;
            }
            for (int i = 0; i < port.length(); i++) {
                if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                    return null;
                }
            }
            if (!port.isEmpty() && Integer.parseInt(port) > 65535) {
                return null;
            }
        }
        String lower = host.toLowerCase(Locale.ROOT);
        return port == null || port.isEmpty() || port.equals("80") ? lower : lower + ':' + port;
    }

    /** unreserved / pct-encoded / sub-delims (RFC 3986 §3.2.2). */
    private static boolean isRegNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~%!$&'()*+,;=".indexOf(c) >= 0;
    }
}
