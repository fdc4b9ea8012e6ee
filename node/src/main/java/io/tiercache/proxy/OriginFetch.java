package io.tiercache.proxy;

import io.tiercache.policy.Validators;
import io.tiercache.store.TieredStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
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

        /** Drops the origin's body unread; the connection is reset rather than drained. Nothing to do once it ended. */
        void discard() {
            try {
                response.exceptionHandler(ignored -> {
                });
            } catch (IllegalStateException ended) {
                return;
            }
            response.request().reset();
        }
    }

    private OriginFetch() {
    }

    /** The origin's Content-Length, or -1 when it sent none (or an unreadable one). */
    static long declaredLength(HttpClientResponse response) {
        String value = response.getHeader("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * @param slicing the slice to ask for, or null for the whole object
     * @param interim what to do with the origin's interim responses, or null to drop them
     */
    static Future<Exchange> send(OriginClient origin, TieredStore store, MultiMap clientHeaders, RequestTarget target,
                                 String clientIp, Validators validators, SliceFetch.Ask slicing,
                                 Handler<MultiMap> interim) {
        long epoch = store.fetchEpoch();
        long requestTime = store.now();
        MultiMap headers = OriginHeaders.forward(clientHeaders, target, clientIp, true);
        if (validators.ifNoneMatch() != null) {
            headers.set("If-None-Match", validators.ifNoneMatch());
        }
        if (validators.ifModifiedSince() != null) {
            headers.set("If-Modified-Since", validators.ifModifiedSince());
        }
        if (slicing != null) {
            SliceFetch.ask(slicing, headers);
        }
        return origin.request(HttpMethod.GET, target.pathQuery(), headers, target.host())
                .compose(request -> {
                    if (interim != null) {
                        request.earlyHintsHandler(interim);
                    }
                    return request.send();
                })
                .map(response -> {
                    response.pause();
                    return new Exchange(response, requestTime, store.now(), epoch);
                });
    }
}
