package io.tiercache.proxy;

import io.tiercache.policy.CacheStrategy;
import io.tiercache.policy.ClientDirectives;
import io.tiercache.policy.CurrentAge;
import io.tiercache.policy.HeaderList;
import io.tiercache.policy.Reuse;
import io.tiercache.policy.StoredFreshness;
import io.tiercache.policy.Vary;
import io.tiercache.policy.HeaderFields;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;

/**
 * A response a fill fetched, as its readers see it while the body arrives: the head (status and
 * the fields a client gets), whether it will be stored, and the body being buffered.
 *
 * @param fields         the origin's fields as clients and the cache see them
 * @param declaredLength the origin's Content-Length, or -1
 * @param body           the body as it arrives; null when the status has none
 * @param storable       whether the response may be stored at all (not private, no Set-Cookie, ...):
 *                       only then may a request other than the one that started the fill read it
 * @param kept           whether it is being kept to be stored (storable, fits, not an error kept out)
 * @param notStored      why it is not stored, or null
 * @param upstreamAged   whether the origin sent Age (an upstream cache served it)
 * @param lifetimeMillis the freshness lifetime it is stored with
 * @param revalidateAlways no-cache: stored, but never reused without validation
 * @param slice          when the body is one slice of a sliced object, which; else null
 */
record FillResponse(Fill fill, int status, HeaderList fields, long declaredLength, FillBody body, boolean storable,
                    boolean kept, String notStored, List<String> varyFields, String variantKey, long responseTime,
                    long initialAge, boolean upstreamAged, long lifetimeMillis, boolean revalidateAlways,
                    SliceFetch.Part slice)
        implements StoredFreshness {

    /**
     * Whether a request other than the one that started the fill may read this response as it
     * arrives: it is stored for everyone anyway, its length is known (so it cannot turn out too large
     * half-way), and the request selects the same variant.
     */
    boolean shareableWith(HeaderFields request) {
        return storable && kept && (declaredLength >= 0 || body == null)
                && (varyFields.isEmpty() || Vary.variantKeys(varyFields, request).contains(variantKey));
    }

    /**
     * Whether a request that arrived at {@code arrivedAt} may take this response as it arrives (RFC
     * 9111 §4.2): it was fetched after the request arrived, or it is fresh for what the client asked.
     * A request that joins a fill late (the body is already out, the store still landing) may
     * otherwise be handed a response that went stale meanwhile.
     */
    boolean freshFor(ClientDirectives client, long arrivedAt, long now) {
        return CacheStrategy.forStored(this, fields, CurrentAge.currentMillis(initialAge, responseTime, now), client,
                arrivedAt).reuse() == Reuse.FRESH;
    }

    @Override
    public long freshnessLifetimeMillis() {
        return lifetimeMillis;
    }

    @Override
    public long staleWhileRevalidateMillis() {
        return 0;
    }

    @Override
    public long staleIfErrorMillis() {
        return 0;
    }

    @Override
    public boolean staleForbidden() {
        return true;
    }

    @Override
    public boolean softPurged() {
        return false;
    }

    @Override
    public long responseTimeMillis() {
        return responseTime;
    }

    /**
     * Feeds the body to {@code out} from its first byte; {@code out} is ended when the body ends.
     * Returns what stops the reading when the client goes.
     */
    Runnable read(Context context, HttpServerResponse out) {
        return body.read(context, out, out::reset)::leave;
    }

    /**
     * Feeds the body to {@code out} decoded (gzip the client does not take); {@code damaged} answers
     * instead when it is not sound gzip or decodes to more than {@code limit}.
     */
    Runnable readDecoded(Context context, HttpServerResponse out, long limit, Runnable damaged) {
        return body.read(context, new GunzipStream(out, limit, damaged), out::reset)::leave;
    }

    /** Feeds the parts of the body to {@code out} as {@code parts} frames them, each as it arrives. */
    Runnable read(Context context, HttpServerResponse out, PartialContent parts) {
        FillBody.Reader[] current = new FillBody.Reader[1];
        parts.write(out, (span, to) -> {
            Promise<Void> written = Promise.promise();
            current[0] = body.read(context, to, to::reset, span.first(), span.last() + 1, written::complete);
            return written.future();
        });
        return () -> {
            if (current[0] != null) {
                current[0].leave();
            }
        };
    }

    /** The request that started the fill will not read the body (HEAD, a 304 to it, a warm-up, a client gone). */
    void decline() {
        fill.declined();
    }

    /** The Age of this response now (RFC 9111 §4.2.3), for a response an upstream cache aged. */
    long ageSeconds(long now) {
        return CurrentAge.headerSeconds(CurrentAge.currentMillis(initialAge, responseTime, now));
    }

    /** RFC 9211 ttl: seconds of freshness left now. */
    long ttlSeconds(long now) {
        return Math.floorDiv(lifetimeMillis - CurrentAge.currentMillis(initialAge, responseTime, now), 1000);
    }
}
