package io.tiercache.proxy;

import io.tiercache.policy.HeaderList;
import io.tiercache.policy.Invalidation;
import io.tiercache.policy.NormalisedPath;
import io.tiercache.store.PurgeScope;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The PASS step: the request goes to the origin (its body read first, up to a limit, so a broken
 * body never reaches the origin) and the response streams back; nothing is stored. A successful
 * unsafe request then invalidates what it changed (RFC 9111 §4.4) before its response is relayed.
 */
final class PassThrough {

    private static final Logger LOG = LoggerFactory.getLogger(PassThrough.class);

    private final ProxyNode node;
    private final OriginClient origin;
    private final HttpServerRequest request;
    private final RequestTarget target;
    private final String clientIp;
    private final Context context;
    private final Promise<CacheStatus> done = Promise.promise();
    private CacheStatus status;

    PassThrough(ProxyNode node, OriginClient origin, HttpServerRequest request, RequestTarget target, String clientIp,
                Context context) {
        this.node = node;
        this.origin = origin;
        this.request = request;
        this.target = target;
        this.clientIp = clientIp;
        this.context = context;
    }

    /**
     * @param bypass the request's Cache-Status, which gains the origin's status
     * @return completes with the Cache-Status sent once the response is on its way; fails with the
     *         origin's failure when nothing was sent yet (the caller answers 502 or 504)
     */
    Future<CacheStatus> start(CacheStatus bypass) {
        status = bypass;
        request.pause();
        if (!RequestBody.present(request)) {
            forward(null);
        } else {
            RequestBody.read(request).onComplete(read -> {
                if (read.failed()) {
                    status = CacheStatus.bypass(CacheStatus.Fwd.REQUEST, "malformed request body");
                    InvalidRequest.rejectBrokenBody(request, status);
                    done.tryComplete(status);
                } else {
                    forward(read.result());
                }
            });
        }
        return done.future();
    }


    private void forward(RequestBody.Read body) {
        MultiMap forwarded = OriginHeaders.forward(request.headers(), target, clientIp, false);
        if (body != null && !RequestBody.mayShareConnection(request.method())) {
            // Vert.x closes a connection whose request said close once the response ends: nothing
            // left unread of this body can become the next request's response.
            forwarded.set(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        origin.request(request.method(), target.pathQuery(), forwarded, target.host()).onComplete(opened -> {
            if (opened.failed()) {
                done.tryFail(opened.cause());
                return;
            }
            HttpClientRequest upstream = opened.result();
            Handler<MultiMap> interim = InterimResponses.relayTo(request);
            if (interim != null) {
                upstream.earlyHintsHandler(interim);
            }
            if (body == null) {
                upstream.send().onComplete(this::answered);
            } else if (body.complete()) {
                upstream.send(body.head()).onComplete(this::answered);
            } else {
                upstream.setChunked(!request.headers().contains(HttpHeaders.CONTENT_LENGTH));
                upstream.write(body.head());
                request.pipeTo(upstream);
                upstream.response().onComplete(this::answered);
            }
        });
    }

    private void answered(AsyncResult<HttpClientResponse> sent) {
        if (sent.failed()) {
            done.tryFail(sent.cause());
            return;
        }
        HttpClientResponse response = sent.result();
        response.pause();
        invalidateAfterUnsafe(response.statusCode(), new VertxHeaders(response.headers()))
                .onComplete(ignored -> context.runOnContext(v -> relay(response)));
    }

    private void relay(HttpClientResponse response) {
        status = status.withFwdStatus(response.statusCode());
        HeaderList fields = node.capture().clientFields(new VertxHeaders(response.headers()), false);
        boolean body = Transmit.passed(request, response, fields, status);
        done.tryComplete(status);
        if (!body) {
            // No content to relay (HEAD, 204, 304): let the exchange end so its connection goes back to the pool.
            response.resume();
            return;
        }
        HttpServerResponse out = request.response();
        // A body that breaks off cuts the client's response rather than ending it as if whole.
        response.pipe().endOnFailure(false).to(out).onFailure(failure -> {
            out.reset();
            response.request().reset();
        });
    }

    /**
     * RFC 9111 §4.4: a successful unsafe request invalidates the target and same-origin
     * Location/Content-Location. Completes when the invalidation is done (failed ones are logged),
     * so that the response goes out only after it and the client's next request cannot be served
     * the old copy. Targets on routes that never cache (an API under cache: false) need none.
     */
    private Future<?> invalidateAfterUnsafe(int code, VertxHeaders response) {
        List<Future<?>> purges = new ArrayList<>();
        for (URI uri : Invalidation.targets(request.method().name(), code, URI.create(target.url()), response)) {
            NormalisedPath path;
            try {
                path = NormalisedPath.of(uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
            } catch (NormalisedPath.Invalid unservable) {
                continue; // no request could be served from such a path, so nothing is stored under it
            }
            if (!node.routes().match(path).caches()) {
                continue;
            }
            String pathQuery = uri.getRawQuery() == null ? path.path() : path.path() + '?' + uri.getRawQuery();
            purges.add(node.purgeBus().purge(PurgeScope.url(target.host(), pathQuery), false)
                    .onFailure(failure -> LOG.warn("could not invalidate {} after {}", uri, request.method(), failure)));
        }
        return Future.join(purges);
    }
}
