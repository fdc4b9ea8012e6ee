package io.tiercache.proxy;

import io.netty.util.AsciiString;
import io.tiercache.cluster.PurgeAuthorization;
import io.tiercache.config.AdminConfig;
import io.vertx.core.http.HttpServerRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may force a refresh, fetching a fresh copy that replaces the stored one (like nginx's
 * {@code proxy_cache_bypass $http_secret_header}): a request carrying the route's
 * force-refresh header with the purge token, or the node's own admin API, which sends
 * {@value #INTERNAL_HEADER} with a secret that never leaves the process.
 */
final class RefreshAuthorization {

    /** Whether a request forces a refresh, and who asked. */
    enum Forced {
        NONE,
        /** The node's admin API, which soft-purged the URL everywhere already. */
        BY_ADMIN,
        /** A client with the route's force-refresh header and the purge token. */
        BY_CLIENT
    }

    /** Sent by this node's admin API to its own proxy port for warm-ups and revalidation. */
    static final String INTERNAL_HEADER = "x-tiercache-refresh";
    /**
     * Sent with every warm-up by this node's admin API: answer once the response is stored, so
     * that when a warm-up (or a revalidation) reports done, every node can serve the new copy.
     */
    static final String WARM_UP_HEADER = "x-tiercache-warm-up";

    /** Every request is checked for both: names hashed once, not per lookup. */
    private static final AsciiString INTERNAL = AsciiString.cached(INTERNAL_HEADER);
    private static final AsciiString WARM_UP = AsciiString.cached(WARM_UP_HEADER);

    private final PurgeAuthorization purgeToken;
    private final byte[] internalSecret;

    RefreshAuthorization(AdminConfig admin, String internalSecret) {
        this.purgeToken = new PurgeAuthorization(admin);
        this.internalSecret = internalSecret.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the request forces a refresh; the route's header is removed so the token never reaches the origin. */
    Forced forces(Route route, HttpServerRequest request) {
        if (carriesSecret(request, INTERNAL)) {
            return Forced.BY_ADMIN;
        }
        String header = route.config().forceRefreshHeader();
        if (header == null || !request.headers().contains(header)) {
            return Forced.NONE;
        }
        String presented = request.getHeader(header);
        request.headers().remove(header);
        return purgeToken.tokenMatches(presented) ? Forced.BY_CLIENT : Forced.NONE;
    }

    /** Whether the request is this node's own warm-up, to be answered once its response is stored. */
    boolean isWarmUp(HttpServerRequest request) {
        return carriesSecret(request, WARM_UP);
    }

    private boolean carriesSecret(HttpServerRequest request, AsciiString header) {
        String presented = request.headers().get(header);
        return presented != null && MessageDigest.isEqual(internalSecret, presented.getBytes(StandardCharsets.UTF_8));
    }
}
