package io.tiercache.proxy;

import io.tiercache.cluster.PurgeAuthorization;
import io.tiercache.cluster.PurgeResult;
import io.tiercache.store.PurgeScope;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code PURGE /path?query} on the proxy port, as Varnish and nginx's purge module accept it:
 * removes every variant of that URL on this Host, everywhere in the cluster. With
 * {@code Fastly-Soft-Purge: 1} it marks them stale instead (Fastly's soft purge).
 */
final class PurgeRequest {

    private PurgeRequest() {
    }

    static void handle(ProxyNode node, HttpServerRequest request, RequestTarget target) {
        HttpServerResponse response = request.response();
        String clientIp = request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress();
        switch (new PurgeAuthorization(node.config().admin()).check(request.getHeader("Authorization"), clientIp)) {
            case MISSING_CREDENTIALS -> {
                response.putHeader("WWW-Authenticate", "Bearer realm=\"tiercache\"");
                answer(response, 401, new JsonObject().put("error", "purge needs Authorization: Bearer <purge token>"));
                return;
            }
            case WRONG_CREDENTIALS -> {
                answer(response, 403, new JsonObject().put("error", "wrong purge token"));
                return;
            }
            case ALLOWED -> {
            }
        }
        boolean soft = "1".equals(request.getHeader("Fastly-Soft-Purge"));
        node.purgeBus().purge(PurgeScope.url(target.host(), target.pathQuery()), soft).onComplete(done -> {
            if (done.failed()) {
                answer(response, 503, new JsonObject().put("error", "purge failed: " + done.cause().getMessage()));
                return;
            }
            PurgeResult result = done.result();
            answer(response, result.purged() > 0 ? 200 : 404, new JsonObject()
                    .put("url", target.url())
                    .put("soft", soft)
                    .put("purged", result.purged())
                    .put("acknowledged", new JsonArray(result.acknowledged()))
                    .put("missing", new JsonArray(result.missing()))
                    .put("millis", result.elapsedMillis()));
        });
    }

    private static void answer(HttpServerResponse response, int code, JsonObject body) {
        response.setStatusCode(code)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store");
        Transmit.markStatus(response.headers(), CacheStatus.bypass(CacheStatus.Fwd.METHOD, "purge"));
        response.end(body.encode() + "\n");
    }
}
