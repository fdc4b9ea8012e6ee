package io.tiercache.proxy;

import io.tiercache.policy.ContentRange;
import io.tiercache.policy.EntityTag;
import io.tiercache.policy.HeaderFields;
import io.tiercache.policy.IfRange;
import io.tiercache.store.CachedResponse;
import io.tiercache.store.SliceLayout;
import io.tiercache.store.TieredStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;

import java.util.List;
import java.util.Objects;

/**
 * What a fill asks of the origin when its route slices (nginx's slice module), and what the answer
 * means. Every object fetch on such a route asks for one slice; the 206 tells the object's length
 * and validators. An object that fits one slice is kept whole; a larger one is kept as its head
 * (fields, validators, {@link SliceLayout}) and one entry per slice, each fetched by a fill of its own
 * with a Range request made conditional on the head's strong validator, so that a changed object
 * answers 412 instead of bytes of another version (RFC 9110 §13.1.1, RFC 9111 §3.4).
 */
final class SliceFetch {

    private SliceFetch() {
    }

    /** A slicing fill's request: a byte range, and for a known object the validator it must still have. */
    sealed interface Ask permits First, One {
        long first();

        long last();
    }

    /** An object whose length is not known yet: the slice that holds byte {@code index × sliceBytes}. */
    record First(long sliceBytes, int index) implements Ask {
        @Override
        public long first() {
            return index * sliceBytes;
        }

        @Override
        public long last() {
            return first() + sliceBytes - 1;
        }
    }

    /** Slice {@code index} of the object {@code head} describes. */
    record One(CachedResponse head, int index) implements Ask {
        @Override
        public long first() {
            return head.slices().first(index);
        }

        @Override
        public long last() {
            return head.slices().last(index);
        }

        String key() {
            return head.sliceKey(index);
        }
    }

    /**
     * A fill's body that is one slice of an object: {@code head} is the object (for a first fetch, the
     * head the fill will store beside the slice).
     *
     * @param first whether the fill found out the object is sliced, and stores its head too
     */
    record Part(CachedResponse head, int index, boolean first) {
        long offset() {
            return head.slices().first(index);
        }
    }

    /** What the origin's head means for a slicing fill. */
    enum Verdict {
        /** No part (a 200 from an origin that ignores ranges, an error): an ordinary response. */
        ORDINARY,
        /** A 206 holding the whole object, which fits one slice: kept as a 200. */
        WHOLE,
        /** The slice asked for, of an object larger than one slice: kept with the object's head. */
        SLICED,
        /** The slice asked for, of the known object. */
        SLICE,
        /** A part that cannot be a slice (no complete length, no strong validator, not storable, 416): fetch the whole. */
        REFETCH_WHOLE,
        /** The object is no longer the one the head describes (412, a 200, other validators or length). */
        CHANGED
    }

    /** The fields that make the origin's answer a slice: Range, and the head's validator for a known object. */
    static void ask(Ask ask, MultiMap headers) {
        headers.set("Range", "bytes=" + ask.first() + "-" + ask.last());
        if (ask instanceof One one) {
            HeaderFields head = one.head().headers();
            String etag = head.first("ETag");
            if (strong(etag)) {
                headers.set("If-Match", etag);
            } else {
                headers.set("If-Unmodified-Since", head.first("Last-Modified"));
            }
        }
    }

    /**
     * @param storable whether the answer may be stored as a 200 would be
     */
    static Verdict judge(Ask ask, int status, HeaderFields origin, boolean storable) {
        ContentRange part = status == 206 ? ContentRange.parse(origin.first("Content-Range")) : null;
        if (ask instanceof One one) {
            SliceLayout layout = one.head().slices();
            boolean same = part != null && part.first() == ask.first() && part.last() == ask.last()
                    && part.complete() == layout.length() && sameObject(one.head().headers(), origin);
            return same ? Verdict.SLICE : Verdict.CHANGED;
        }
        if (status == 416) {
            return Verdict.REFETCH_WHOLE;
        }
        if (status != 206) {
            return Verdict.ORDINARY;
        }
        if (part == null || part.complete() == ContentRange.UNKNOWN || part.first() != ask.first()) {
            return Verdict.REFETCH_WHOLE;
        }
        if (part.whole()) {
            return Verdict.WHOLE;
        }
        boolean asked = part.last() == Math.min(ask.last(), part.complete() - 1);
        // RFC 9111 §3.4: parts combine only under one strong validator; without one, slicing could mix versions.
        return storable && asked && strongValidator(origin) ? Verdict.SLICED : Verdict.REFETCH_WHOLE;
    }

    /** The object's complete length from a 206's Content-Range. */
    static long completeLength(HeaderFields origin) {
        return ContentRange.parse(origin.first("Content-Range")).complete();
    }

    /** Whether a stored slice belongs to the object {@code head} describes: same validators, and the slice's full length. */
    static boolean belongsTo(CachedResponse slice, CachedResponse head, int index) {
        SliceLayout layout = head.slices();
        return slice.body().length == layout.last(index) - layout.first(index) + 1
                && sameObject(head.headers(), slice.headers());
    }

    /** Whether two heads describe the same version of the object. */
    static boolean sameObject(CachedResponse head, CachedResponse other) {
        return head.slices().equals(other.slices()) && sameObject(head.headers(), other.headers());
    }

    /** RFC 9110 §8.8.3.2: the head's strong validator names the same representation. */
    private static boolean sameObject(HeaderFields head, HeaderFields other) {
        String etag = head.first("ETag");
        if (strong(etag)) {
            return etag.trim().equals(Objects.requireNonNullElse(other.first("ETag"), "").trim());
        }
        return Objects.equals(head.first("Last-Modified"), other.first("Last-Modified"));
    }

    private static boolean strongValidator(HeaderFields origin) {
        return strong(origin.first("ETag")) || IfRange.strongLastModified(origin);
    }

    private static boolean strong(String etag) {
        EntityTag tag = EntityTag.parse(etag);
        return tag != null && !tag.weak();
    }

    /**
     * Stores a fetched slice under its own key, with the object's location and tags (so that a purge
     * of the URL, its prefix or its tags reaches it), and after it the object's head when this fill
     * found the object sliced. Completes with the head or the slice as stored, or null if a purge
     * covered them meanwhile.
     */
    static Future<CachedResponse> store(TieredStore store, Part part, CachedResponse captured, List<String> varyFields,
                                        Context context) {
        CachedResponse head = part.head();
        CachedResponse slice = new CachedResponse(head.location(), head.sliceVariant(part.index()), 206,
                captured.headers(), captured.body(), head.getTags(), captured.timing(), captured.freshness(), 0,
                captured.purgeEpoch(), captured.storedBy());
        Future<CachedResponse> stored = store.store(slice, List.of(), context);
        return part.first() ? stored.compose(landed -> landed == null ? Future.succeededFuture(null)
                : store.store(head, varyFields, context)) : stored;
    }
}
