package io.tiercache.proxy;

import io.tiercache.config.OriginConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;

import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.TimeoutException;

/**
 * The keep-alive connection pool to the origin, with its connect and read timeouts. One per
 * event loop, so that origin connections stay on the thread that uses them.
 */
final class OriginClient {

    /** How an origin exchange failed, in the terms of nginx's proxy_cache_use_stale. */
    enum Failure { TIMEOUT, ERROR }

    private final HttpClientAgent client;
    private final String host;
    private final int port;
    private final boolean preserveHost;
    private final long readTimeoutMillis;
    private final long connectTimeoutMillis;

    OriginClient(Vertx vertx, OriginConfig config) {
        URI url = config.url();
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        this.host = url.getHost();
        this.port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        this.preserveHost = config.preserveHost();
        this.readTimeoutMillis = config.readTimeout().toMillis();
        this.connectTimeoutMillis = config.connectTimeout().toMillis();
        HttpClientOptions options = new HttpClientOptions()
                .setSsl(tls)
                .setKeepAlive(true)
                .setPipelining(false)
                .setDecompressionSupported(false)
                .setMaxInitialLineLength(16 * 1024)
                .setMaxHeaderSize(64 * 1024)
                .setConnectTimeout((int) connectTimeoutMillis);
        this.client = vertx.httpClientBuilder()
                .with(options)
                .with(new PoolOptions().setHttp1MaxSize(config.maxConnections()).setMaxWaitQueueSize(-1))
                .withConnectHandler(connection -> OriginCodec.install(connection, options))
                .build();
    }

    /**
     * Opens a request to the origin. {@code clientAuthority} is the client's Host, sent on when the
     * origin config preserves it.
     */
    Future<HttpClientRequest> request(HttpMethod method, String pathQuery, MultiMap headers, String clientAuthority) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setHost(host)
                .setPort(port)
                .setURI(pathQuery)
                .setHeaders(headers)
                .setConnectTimeout(connectTimeoutMillis)
                .setIdleTimeout(readTimeoutMillis);
        return client.request(options).map(request -> {
            if (preserveHost && clientAuthority != null) {
                request.authority(HostAndPort.parseAuthority(clientAuthority, -1));
            }
            return request;
        });
    }

    String authority() {
        return port == 80 || port == 443 ? host : host + ':' + port;
    }

    static Failure classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
                return Failure.TIMEOUT;
            }
            if (cause instanceof ConnectException) {
                return Failure.ERROR;
            }
        }
        return Failure.ERROR;
    }

    Future<Void> close() {
        return client.close();
    }
}
