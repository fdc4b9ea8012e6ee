package io.tiercache.proxy;

import io.tiercache.store.CachedResponse;
import io.tiercache.store.TieredStore;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;

/**
 * A GET to the origin that may fill the cache: conditional when a stored response with validators
 * is being refreshed (like nginx proxy_cache_revalidate), and dated with the purge sequence at its
 * start so that a purge arriving meanwhile makes its result obsolete.
 */
final class OriginFetch {

    /** The origin's answer, paused, with the times the age calculation needs. */
    record Exchange(HttpClientResponse response, long requestTime, long responseTime, long purgeEpoch) {
        VertxHeaders headers() {
            return new VertxHeaders(response.headers());
        }

        /** Drops the origin's body unread; the connection is reset rather than drained. */
        void discard() {
            response.exceptionHandler(ignored -> {
            });
            response.request().reset();
        }
    }

    private OriginFetch() {
    }

    static Future<Exchange> send(OriginClient origin, TieredStore store, MultiMap clientHeaders, RequestTarget target,
                                 String clientIp, CachedResponse stored) {
        long epoch = store.purges().appliedSequence();
        long requestTime = store.now();
        MultiMap headers = OriginHeaders.forward(clientHeaders, target, clientIp, true);
        if (stored != null) {
            String etag = stored.headers().first("ETag");
            String lastModified = stored.headers().first("Last-Modified");
            if (etag != null) {
                headers.set("If-None-Match", etag);
            }
            if (lastModified != null) {
                headers.set("If-Modified-Since", lastModified);
            }
        }
        return origin.request(HttpMethod.GET, target.pathQuery(), headers, target.host())
                .compose(HttpClientRequest::send)
                .map(response -> {
                    response.pause();
                    return new Exchange(response, requestTime, store.now(), epoch);
                });
    }
}
