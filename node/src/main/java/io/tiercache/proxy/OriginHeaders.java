package io.tiercache.proxy;

import io.tiercache.policy.HopByHop;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The request headers sent to the origin: the client's, less hop-by-hop fields, with the node's own
 * forwarding fields ({@link ForwardedFields}), one Cookie line, and Via. The override headers a
 * route does not forward were removed from the request when it was routed.
 */
final class OriginHeaders {

    /** Dropped from a fetch that fills the cache: the cache needs the full response, not the client's slice of it. */
    private static final Set<String> CLIENT_PRECONDITIONS =
            Set.of("if-none-match", "if-modified-since", "if-match", "if-unmodified-since", "if-range", "range");

    private OriginHeaders() {
    }

    /**
     * @param forCache true when the response will fill the cache, so client preconditions are dropped
     * @param clientIp the address of the client connection
     */
    static MultiMap forward(MultiMap client, RequestTarget target, String clientIp, boolean forCache) {
        MultiMap out = HttpHeaders.headers();
        Set<String> connectionTokens = HopByHop.connectionTokens(new VertxHeaders(client));
        for (Map.Entry<String, String> field : client) {
            String name = field.getKey().toLowerCase(Locale.ROOT);
            if (HopByHop.isHopByHop(name, connectionTokens) || name.equals("host") || name.equals("expect")
                    || name.equals("cookie") || ForwardedFields.NAMES.contains(name)
                    || name.equals(RefreshAuthorization.INTERNAL_HEADER) || name.equals(RefreshAuthorization.WARM_UP_HEADER)
                    || (forCache && CLIENT_PRECONDITIONS.contains(name))) {
                continue;
            }
            out.add(field.getKey(), field.getValue());
        }
        String cookie = RequestCookies.line(client);
        if (cookie != null && !connectionTokens.contains("cookie")) {
            out.set(HttpHeaders.COOKIE, cookie);
        }
        ForwardedFields.write(out, client, target, clientIp);
        out.add("Via", Transmit.VIA_VALUE.toString());
        return out;
    }
}
