package io.tiercache.admin;

import io.tiercache.config.HostPort;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/**
 * The admin listener (127.0.0.1:9090 by default): health and readiness for load balancers and
 * orchestrators, and the operations endpoints other parts register.
 */
public final class AdminServer {

    private final Vertx vertx;
    private final Readiness readiness;
    private final Map<String, Handler<HttpServerRequest>> routes = new ConcurrentHashMap<>();
    private HttpServer server;

    public AdminServer(Vertx vertx, Readiness readiness) {
        this.vertx = vertx;
        this.readiness = readiness;
        route("GET /health", request -> {
            if (readiness.phase() == Readiness.Phase.MEMBER_DOWN) {
                json(request.response(), 503, memberDown());
            } else {
                json(request.response(), 200, new JsonObject().put("status", "alive"));
            }
        });
        route("GET /ready", request -> {
            Readiness.Phase phase = readiness.phase();
            JsonObject body = phase == Readiness.Phase.MEMBER_DOWN
                    ? memberDown() : new JsonObject().put("status", phase.name().toLowerCase());
            readiness.bound().forEach(body::put);
            json(request.response(), phase == Readiness.Phase.READY ? 200 : 503, body);
        });
    }

    private static JsonObject memberDown() {
        return new JsonObject().put("status", "member-down")
                .put("reason", "the Hazelcast member is not running: this node can neither cache nor purge; replace it");
    }

    /** Registers a handler for {@code "METHOD /path"}; other methods on a known path get 405. */
    public AdminServer route(String methodAndPath, Handler<HttpServerRequest> handler) {
        routes.put(methodAndPath, handler);
        return this;
    }

    public Future<HttpServer> listen(HostPort listen) {
        server = vertx.createHttpServer().requestHandler(this::dispatch);
        return server.listen(listen.port(), listen.host());
    }

    public int actualPort() {
        return server.actualPort();
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void dispatch(HttpServerRequest request) {
        Handler<HttpServerRequest> handler = routes.get(request.method().name() + " " + request.path());
        if (handler != null) {
            handler.handle(request);
            return;
        }
        boolean knownPath = routes.keySet().stream().anyMatch(key -> key.endsWith(" " + request.path()));
        if (knownPath) {
            json(request.response(), 405, new JsonObject().put("error", "method " + request.method() + " not allowed here"));
        } else {
            json(request.response(), 404, new JsonObject().put("error", "no admin endpoint " + request.path()));
        }
    }

    public static void json(HttpServerResponse response, int status, Object body) {
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end((body instanceof JsonObject json ? json.encodePrettily() : String.valueOf(body)) + "\n");
    }
}
