package io.tiercache.admin;

import io.tiercache.cluster.PurgeAuthorization;
import io.tiercache.config.AdminConfig;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may read {@code GET /stats} and {@code GET /metrics}: anyone who reaches the admin listener,
 * unless {@code admin.read-token} is set; then only a bearer of the read token or the purge token.
 * Health and readiness stay open for probes.
 */
final class ReadAccess {

    private final byte[] readToken;
    private final PurgeAuthorization purgeToken;

    ReadAccess(AdminConfig admin) {
        this.readToken = admin.readToken() == null ? null : admin.readToken().getBytes(StandardCharsets.UTF_8);
        this.purgeToken = new PurgeAuthorization(admin);
    }

    Handler<HttpServerRequest> guard(Handler<HttpServerRequest> handler) {
        if (readToken == null) {
            return handler;
        }
        return request -> {
            String authorization = request.getHeader("Authorization");
            // RFC 6750: credentials of another scheme are no bearer token at all, so the answer is 401, not 403.
            if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                request.response().putHeader("WWW-Authenticate", "Bearer realm=\"tiercache\"");
                AdminServer.json(request.response(), 401,
                        new JsonObject().put("error", "needs Authorization: Bearer <read token>"));
                return;
            }
            String presented = authorization.substring(7).trim();
            // Compared in constant time, like the purge token.
            if (MessageDigest.isEqual(readToken, presented.getBytes(StandardCharsets.UTF_8))
                    || purgeToken.tokenMatches(presented)) {
                handler.handle(request);
            } else {
                AdminServer.json(request.response(), 403, new JsonObject().put("error", "wrong read token"));
            }
        };
    }
}
