package io.tiercache.proxy;

import io.netty.util.AsciiString;
import io.tiercache.config.CidrRange;
import io.tiercache.config.HttpToken;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;
import java.util.Set;

/**
 * The fields that tell the origin who asked and how (RFC 7239 Forwarded, the X-Forwarded-* family,
 * X-Real-IP). None of them is part of the cache key, so the origin gets the node's own values: a
 * client's {@code X-Forwarded-Proto: javascript} must not reach a page that everyone is then served.
 * Only a trusted proxy's values (a load balancer in {@code node.trusted-proxies}) are passed on.
 */
final class ForwardedFields {

    /** Lower case, as {@link OriginHeaders} compares them. */
    static final Set<String> NAMES = Set.of("forwarded", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host",
            "x-forwarded-port", "x-real-ip");

    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("X-Forwarded-Proto");

    private final List<CidrRange> trustedProxies;
    private final RefreshAuthorization internal;

    ForwardedFields(List<CidrRange> trustedProxies, RefreshAuthorization internal) {
        this.trustedProxies = List.copyOf(trustedProxies);
        this.internal = internal;
    }

    /**
     * Whether the request's forwarding fields were set by a proxy the node trusts: a peer in
     * {@code node.trusted-proxies}, or this node's own warm-up, which states its URL's scheme.
     */
    boolean trusts(HttpServerRequest request) {
        if (!trustedProxies.isEmpty() && request.remoteAddress() != null) {
            String peer = request.remoteAddress().hostAddress();
            for (CidrRange range : trustedProxies) {
                if (range.contains(peer)) {
                    return true;
                }
            }
        }
        return request.headers().contains(X_FORWARDED_PROTO) && internal.isWarmUp(request);
    }

    /**
     * The scheme the client used: {@code http}, as TLS ends before the node, unless a trusted proxy
     * says {@code https}. Of a list, the last value counts: the one the nearest proxy (the trusted
     * one) added.
     */
    static String scheme(MultiMap headers, boolean trusted) {
        if (!trusted) {
            return "http";
        }
        List<String> lines = headers.getAll(X_FORWARDED_PROTO);
        if (lines.isEmpty()) {
            return "http";
        }
        String last = lines.get(lines.size() - 1);
        String proto = last.substring(last.lastIndexOf(',') + 1).trim();
        return proto.equalsIgnoreCase("https") ? "https" : "http";
    }

    /**
     * Writes the fields into an origin request. From a trusted proxy, its values are kept and the
     * node adds itself to the X-Forwarded-For and Forwarded chains; from anyone else, the client's
     * are replaced.
     *
     * @param out      the origin request's headers, without any forwarding field of the client's
     * @param client   the client's request headers
     * @param clientIp the address of the client connection
     */
    static void write(MultiMap out, MultiMap client, RequestTarget target, String clientIp) {
        boolean trusted = target.fromTrustedProxy();
        out.set("X-Forwarded-For", chain(trusted, client, "X-Forwarded-For", clientIp));
        out.set("Forwarded", chain(trusted, client, "Forwarded", element(clientIp, target)));
        given(out, trusted, client, "X-Forwarded-Proto", target.scheme());
        given(out, trusted, client, "X-Forwarded-Host", target.host());
        given(out, trusted, client, "X-Forwarded-Port", Integer.toString(target.port()));
        given(out, trusted, client, "X-Real-IP", clientIp);
    }

    private static String chain(boolean trusted, MultiMap client, String name, String hop) {
        List<String> earlier = trusted ? client.getAll(name) : List.of();
        return earlier.isEmpty() ? hop : String.join(", ", earlier) + ", " + hop;
    }

    private static void given(MultiMap out, boolean trusted, MultiMap client, String name, String own) {
        List<String> values = trusted ? client.getAll(name) : List.of();
        if (values.isEmpty()) {
            out.set(name, own);
        } else {
            out.set(name, values);
        }
    }

    /** RFC 7239 §4: this hop's forwarded-element. */
    static String element(String clientIp, RequestTarget target) {
        // §6: an IPv6 node is bracketed, and so a quoted-string.
        String node = clientIp.indexOf(':') >= 0 ? "[" + clientIp + "]" : clientIp;
        return "for=" + value(node) + ";host=" + value(target.host()) + ";proto=" + target.scheme();
    }

    /** A token as it is, anything else (a port's colon, a sub-delim of a reg-name) as a quoted-string. */
    private static String value(String text) {
        return HttpToken.isValid(text) ? text : '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
