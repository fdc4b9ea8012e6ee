package io.tiercache.proxy;

import io.tiercache.config.HostPort;
import io.tiercache.config.StatusDetail;
import io.tiercache.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.util.concurrent.TimeUnit;

/** One event loop's share of the proxy port, with its own origin connection pool. */
public final class ProxyVerticle extends VerticleBase {

    /** Requests with a longer request line get 414 (nginx's large_client_header_buffers is 8k). */
    static final int MAX_REQUEST_LINE = 8 * 1024;
    /** Requests with larger headers get 431. */
    static final int MAX_HEADER_BYTES = 16 * 1024;

    static final int SHUTDOWN_SECONDS = 10;

    private final ProxyNode node;
    private HttpServer server;
    private OriginClient origin;

    public ProxyVerticle(ProxyNode node) {
        this.node = node;
    }

    @Override
    public Future<?> start() {
        origin = new OriginClient(vertx, node.config().origin());
        NodeConfig config = node.config().node();
        HostPort listen = config.listen();
        boolean minimalStatus = node.config().cache().statusDetail() == StatusDetail.MINIMAL;
        HttpServerOptions options = new HttpServerOptions()
                .setMaxInitialLineLength(MAX_REQUEST_LINE)
                .setMaxHeaderSize(MAX_HEADER_BYTES)
                .setHandle100ContinueAutomatically(true)
                .setCompressionSupported(false)
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) config.keepaliveTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        long headerTimeoutMillis = config.headerTimeout().toMillis();
        server = vertx.createHttpServer(options)
                .connectionHandler(connection -> {
                    if (node.clientConnections().admit(connection)) {
                        StrictRequestDecoder.install(connection, options);
                        InterimResponses.install(connection);
                        HeaderDeadline.install(connection, headerTimeoutMillis);
                        if (config.fastHits()) {
                            FastHits.install(connection, node);
                        }
                    }
                })
                .requestHandler(request -> {
                    if (minimalStatus) {
                        Transmit.hideStatusDetail(request.response());
                    }
                    new CacheRequest(node, origin, request, context).start();
                })
                .invalidRequestHandler(InvalidRequest::handle);
        // Port 0 asks for any free port; Vert.x shares a negative port's random pick among the event loops' listeners.
        return server.listen(listen.port() == 0 ? -1 : listen.port(), listen.host())
                .onSuccess(bound -> node.boundPort(bound.actualPort()));
    }

    /** Stops accepting, lets the requests in flight finish (at most {@value #SHUTDOWN_SECONDS} s), then closes. */
    @Override
    public Future<?> stop() {
        return server.shutdown(SHUTDOWN_SECONDS, TimeUnit.SECONDS).eventually(() -> origin.close());
    }
}
