package io.tiercache.proxy;

import io.tiercache.policy.Validators;
import io.tiercache.store.CacheLocation;
import io.tiercache.store.PreparedResponse;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;

/**
 * What a {@link Fill} fetches, and for whom: the key's location and route, the request it forwards
 * (its fields, Vary selection and client address come from the request that started the fill), and
 * the stored response it refreshes, if any.
 *
 * @param headers    the request fields to forward (a copy: the fill may outlive the request)
 * @param origin     the event loop's origin connection pool
 * @param context    the event loop the fill runs on
 * @param candidate  the stored response being refreshed or revalidated, or null for a miss
 * @param validators what to send to make the fetch conditional; {@link Validators#NONE} for a full fetch
 * @param varyMiss   whether the URL is stored under other variants (for Cache-Status)
 * @param slicing    the slice to ask for on a route that slices, or null for the whole object
 * @param interim    where the origin's interim responses go: the client of the request that started
 *                   the fill (those that join it later get none); null for none
 */
record FillRequest(Fill.Kind kind, Route route, CacheLocation location, RequestTarget target, MultiMap headers,
                   String clientIp, OriginClient origin, Context context, PreparedResponse candidate,
                   Validators validators, boolean varyMiss, SliceFetch.Ask slicing, Handler<MultiMap> interim) {

    /**
     * The key fills of this request coalesce on: one slice of a sliced object, the stored variant
     * being refreshed, or the URL's primary key.
     */
    String key() {
        if (slicing instanceof SliceFetch.One slice) {
            return slice.key();
        }
        return candidate != null ? candidate.response().storageKey() : location.primaryKey();
    }

    VertxHeaders fields() {
        return new VertxHeaders(headers);
    }
}
