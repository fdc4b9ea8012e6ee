package io.tiercache.proxy;

import io.tiercache.policy.ByteRanges.Span;
import io.tiercache.policy.HeaderFields;
import io.tiercache.store.CachedResponse;
import io.tiercache.store.PreparedResponse;
import io.tiercache.store.SliceLayout;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.function.Function;

/**
 * The body of a sliced object for one client, assembled from the slices its range covers, one slice
 * at a time: each from the hot tier, the shared map, or a fill of its own (a Range request
 * coalesced cluster-wide like any key), and each checked against the object's head so that no
 * client gets bytes of two versions. A client holds one slice at a time: the next is looked up
 * once the connection has taken the last, so a full GET of a large object streams through bounded
 * memory at the client's pace.
 */
final class SliceAssembly implements PartialContent.Source {

    /** How often a slice is looked for again after a fill that brought nothing this client may use. */
    private static final int MAX_ROUNDS = 3;

    /** The object changed at the origin since its head was stored: its slices must not be assembled. */
    static final class ObjectChanged extends RuntimeException {
        ObjectChanged() {
            super("the object changed at the origin", null, false, false);
        }
    }

    /** A slice could not be had from the origin. */
    static final class SliceUnavailable extends RuntimeException {
        private final transient Fill.Failed failed;

        SliceUnavailable(Fill.Failed failed) {
            super(failed.why(), null, false, false);
            this.failed = failed;
        }

        Fill.Failed failed() {
            return failed;
        }
    }

    /** One slice at hand: its stored bytes, or a fill's body as it arrives ({@code led}: this client started that fill). */
    private record Slice(int index, Buffer stored, FillResponse fetching, boolean led) {
    }

    private final ProxyNode node;
    private final CachedResponse head;
    private final SliceLayout layout;
    private final Context context;
    private final HeaderFields requestHeaders;
    private final Function<SliceFetch.One, FillRequest> fills;
    private Slice ready;
    private Runnable stopReading = () -> {
    };
    private boolean stopped;

    /**
     * @param inFlight the slice the client's own object fill is bringing (the first one that fill asked
     *                 for), or null
     * @param led      whether the client started that fill, and so must read its body or decline it
     * @param fills    the fill request for one slice, as this client would make it
     */
    SliceAssembly(ProxyNode node, CachedResponse head, Context context, HeaderFields requestHeaders,
                  FillResponse inFlight, boolean led, Function<SliceFetch.One, FillRequest> fills) {
        this.node = node;
        this.head = head;
        this.layout = head.slices();
        this.context = context;
        this.requestHeaders = requestHeaders;
        this.fills = fills;
        this.ready = inFlight == null ? null : new Slice(inFlight.slice().index(), null, inFlight, led);
    }

    /**
     * Sends the body whose head Transmit wrote: the whole object, or {@code parts} of it, and ends
     * the response. The first slice needed is at hand before a byte goes out, so that an origin that
     * fails or an object that changed can still be answered properly; later, the caller cuts the
     * response. Fails with {@link ObjectChanged} or {@link SliceUnavailable}.
     */
    Future<Void> send(PartialContent parts, HttpServerResponse out) {
        long first = parts == null ? 0 : parts.firstByte();
        return slice(layout.sliceOf(first)).compose(slice -> {
            ready = slice;
            return parts != null ? parts.write(out, this)
                    : write(new Span(0, layout.length() - 1), out).compose(ignored -> out.end());
        });
    }

    @Override
    public Future<Void> write(Span span, HttpServerResponse out) {
        return writeFrom(layout.sliceOf(span.first()), span, out);
    }

    private Future<Void> writeFrom(int index, Span span, HttpServerResponse out) {
        if (index > layout.sliceOf(span.last())) {
            return Future.succeededFuture();
        }
        return slice(index).compose(slice -> copy(slice, span, out)).compose(ignored -> writeFrom(index + 1, span, out));
    }

    /** The client went away, or its response is over: stop reading, and let go of a fill it started but did not read. */
    void stop() {
        stopped = true;
        stopReading.run();
        if (ready != null && ready.led()) {
            ready.fetching().decline();
        }
        ready = null;
    }

    /** The part of {@code span} that lies in {@code slice}, written to the client. */
    private Future<Void> copy(Slice slice, Span span, HttpServerResponse out) {
        long start = layout.first(slice.index());
        long from = Math.max(span.first(), start) - start;
        long to = Math.min(span.last(), layout.last(slice.index())) - start + 1;
        if (slice.stored() != null) {
            return out.write(slice.stored().slice((int) from, (int) to));
        }
        FillResponse fetching = slice.fetching();
        if (stopped) {
            if (slice.led()) {
                fetching.decline();
            }
            return Future.failedFuture(new IllegalStateException("the client went away"));
        }
        if (slice.led()) {
            fetching.fill().reading();
        }
        Promise<Void> copied = Promise.promise();
        FillBody.Reader reader = fetching.body().read(context, out,
                () -> copied.tryFail(new SliceUnavailable(new Fill.Failed(null, "slice body broke off", false))),
                from, to, copied::tryComplete);
        stopReading = reader::leave;
        return copied.future();
    }

    private Future<Slice> slice(int index) {
        if (stopped) {
            return Future.failedFuture(new IllegalStateException("the client went away"));
        }
        Slice at = ready;
        if (at != null && at.index() == index) {
            ready = null;
            return Future.succeededFuture(at);
        }
        if (at != null && at.led()) {
            // The client's own fill brought a slice its range does not need.
            at.fetching().decline();
            ready = null;
        }
        return node.store().slice(head, index, context).compose(found -> found != null
                && SliceFetch.belongsTo(found.response(), head, index)
                ? Future.succeededFuture(stored(index, found)) : fetch(index, 1));
    }

    /** Joins the slice's fill, or starts it. */
    private Future<Slice> fetch(int index, int round) {
        Fills.Joined joined = node.fills().join(fills.apply(new SliceFetch.One(head, index)));
        return joined.fill().outcome(context).compose(outcome -> {
            if (outcome instanceof Fill.Found found && SliceFetch.belongsTo(found.response().response(), head, index)) {
                return Future.succeededFuture(stored(index, found.response()));
            }
            if (outcome instanceof Fill.Fetched fetched && sameObject(fetched.response())) {
                FillResponse response = fetched.response();
                if (joined.leader() || response.shareableWith(requestHeaders)) {
                    return Future.succeededFuture(new Slice(index, null, response, joined.leader()));
                }
            }
            if (outcome instanceof Fill.Changed && (joined.leader() || sameObject(joined.fill()))) {
                return Future.failedFuture(new ObjectChanged());
            }
            if (outcome instanceof Fill.Failed failed && !failed.retry()) {
                return Future.failedFuture(new SliceUnavailable(failed));
            }
            if (round >= MAX_ROUNDS) {
                return Future.failedFuture(new SliceUnavailable(new Fill.Failed(null, "slice not settled", false)));
            }
            // Another client's fill of this slice, for another version of the object or not to be shared: once it is over, look again.
            return joined.fill().done(context).compose(ended -> node.store().slice(head, index, context))
                    .compose(found -> found != null && SliceFetch.belongsTo(found.response(), head, index)
                            ? Future.succeededFuture(stored(index, found)) : fetch(index, round + 1));
        });
    }

    private boolean sameObject(FillResponse response) {
        return response.slice() != null && SliceFetch.sameObject(response.slice().head(), head);
    }

    private boolean sameObject(Fill fill) {
        return fill.slicing() instanceof SliceFetch.One one && SliceFetch.sameObject(one.head(), head);
    }

    private static Slice stored(int index, PreparedResponse found) {
        return new Slice(index, found.body(), null, false);
    }
}
