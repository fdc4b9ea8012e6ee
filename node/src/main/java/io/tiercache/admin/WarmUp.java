package io.tiercache.admin;

import io.tiercache.store.PurgeScope;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Fetches URLs through this node's own proxy port, so that warm-ups and on-demand revalidation
 * take exactly the path a visitor's request takes: same routes, cache keys, storability rules and
 * the same coalescing, so a warm-up never races a fill. A forced fetch carries the node's internal
 * secret and replaces the stored copy.
 */
final class WarmUp {

    /** How many URLs are fetched at once, so a large warm-up does not stampede the origin. */
    static final int PARALLEL = 4;

    record Result(String url, int status, String cacheStatus, boolean stored, String error) {
    }

    private final HttpClientAgent client;
    private final String proxyHost;
    private final int proxyPort;
    private final String internalSecret;

    WarmUp(Vertx vertx, String proxyHost, int proxyPort, String internalSecret) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
        this.proxyHost = proxyHost;
        this.proxyPort = proxyPort;
        this.internalSecret = internalSecret;
    }

    /** Fetches every URL, {@value #PARALLEL} at a time; each result says what the cache did. */
    Future<List<Result>> fetchAll(List<String> urls, boolean force) {
        Promise<List<Result>> done = Promise.promise();
        List<Result> results = new ArrayList<>(urls.size());
        for (int i = 0; i < urls.size(); i++) {
            results.add(null);
        }
        int[] next = {0};
        int[] finished = {0};
        if (urls.isEmpty()) {
            return Future.succeededFuture(results);
        }
        Runnable[] startNext = new Runnable[1];
        startNext[0] = () -> {
            int index = next[0]++;
            if (index >= urls.size()) {
                return;
            }
            fetch(urls.get(index), force).onComplete(result -> {
                results.set(index, result.result());
                if (++finished[0] == urls.size()) {
                    done.complete(results);
                } else {
                    startNext[0].run();
                }
            });
        };
        for (int i = 0; i < Math.min(PARALLEL, urls.size()); i++) {
            startNext[0].run();
        }
        return done.future();
    }

    /** Never fails: a failed fetch is a result with an error. */
    Future<Result> fetch(String url, boolean force) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException malformed) {
            return Future.succeededFuture(new Result(url, 0, null, false, "malformed URL"));
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(proxyHost).setPort(proxyPort)
                .setURI(PurgeScope.pathQuery(uri));
        options.putHeader("X-Tiercache-Warm-Up", internalSecret);
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            // The proxy believes a warm-up's scheme, so an https page is warmed under its https key.
            options.putHeader("X-Forwarded-Proto", "https");
        }
        if (force) {
            options.putHeader("X-Tiercache-Refresh", internalSecret);
        }
        return client.request(options)
                .compose(request -> send(url, request, uri.getRawAuthority()))
                .otherwise(failure -> new Result(url, 0, null, false, failure.getMessage()));
    }

    private Future<Result> send(String url, HttpClientRequest request, String authority) {
        request.authority(HostAndPort.parseAuthority(authority, -1));
        return request.send().compose(response -> response.body().map(ignored -> {
            String cacheStatus = response.getHeader("Cache-Status");
            boolean stored = cacheStatus != null && (cacheStatus.contains("; stored") || cacheStatus.contains("; hit"));
            return new Result(url, response.statusCode(), response.getHeader("X-Cache-Status"), stored, null);
        }));
    }

    Future<Void> close() {
        return client.close();
    }
}
