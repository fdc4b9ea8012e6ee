package io.tiercache.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard page and the files it loads, from the jar: nothing is fetched from elsewhere at run
 * time. The page may only load its own scripts and styles and talk to this listener, and no other
 * site may frame it (the purge console must not be clickable through someone else's page).
 */
final class DashboardAssets {

    static final String FOLDER = "dashboard/";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "uPlot.iife.min.js", "text/javascript; charset=utf-8",
            "uPlot.min.css", "text/css; charset=utf-8");
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private DashboardAssets() {
    }

    static void register(AdminServer server) {
        for (Map.Entry<String, String> file : FILES.entrySet()) {
            Buffer content = Buffer.buffer(read(file.getKey()));
            server.route("GET /" + FOLDER + file.getKey(), request -> send(request, content, file.getValue()));
            if (file.getKey().equals("index.html")) {
                server.route("GET /", request -> send(request, content, file.getValue()));
            }
        }
    }

    private static void send(HttpServerRequest request, Buffer content, String type) {
        request.response()
                .putHeader("Content-Type", type)
                .putHeader("Cache-Control", "no-cache")
                .putHeader("Content-Security-Policy", POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .end(content);
    }

    private static byte[] read(String name) {
        try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + FOLDER + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
