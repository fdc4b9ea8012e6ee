package io.tiercache.proxy;

import io.tiercache.policy.AcceptEncoding;
import io.tiercache.policy.CacheControl;
import io.tiercache.policy.EntityTag;
import io.tiercache.policy.HeaderFields;
import io.tiercache.policy.HeaderList;
import io.tiercache.policy.Vary;
import io.tiercache.store.PreparedResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Content codings (RFC 9110 §8.4) between the origin, the store and a client, in the manner of
 * Varnish's http_gzip_support: a fill asks the origin for the codings the request's normalised
 * Accept-Encoding stands for ({@link AcceptEncoding}); a coded response is stored as it came, with
 * {@code Vary: Accept-Encoding}; a gzip one is sent as it is to clients that take gzip and decoded
 * on the way out for those that do not, unless it says no-transform (RFC 9111 §5.2.2.6).
 *
 * <p>A decoded response is another representation: no Content-Encoding, the Content-Length of the
 * decoded bytes, and its entity tag weak (RFC 9110 §8.8.1), so that a client never validates it
 * against the coded one's strong tag, nor asks it for byte ranges by it.
 */
final class ContentCoding {

    private static final String ACCEPT_ENCODING = "Accept-Encoding";
    private static final String CONTENT_ENCODING = "Content-Encoding";

    private ContentCoding() {
    }

    /** What the stored check of a gzip body found. */
    enum Check {
        /** Sound, one member whose declared length is the decoded length: decoded with a Content-Length. */
        DECODABLE,
        /** Sound as far as the cache looked, but not to be decoded by it (larger than the limit decoded, several members). */
        AS_IS,
        /** Not gzip, truncated or damaged: not stored. */
        CORRUPT
    }

    /**
     * Sets the Accept-Encoding a fill sends the origin: the codings the request's normalised value
     * stands for, in one spelling ({@link AcceptEncoding#offered}), so that what the origin answers is
     * stored where every request with the same normalised value looks. A fill that refreshes a coded
     * copy asks for that coding, so that it replaces the copy whoever's request started it (a client
     * without gzip may refresh the gzip copy it is served decoded).
     *
     * @param refreshed the stored response the fill revalidates or refreshes, or null
     */
    static void offer(MultiMap fillHeaders, PreparedResponse refreshed) {
        String coding = refreshed == null || refreshed.response().variantKey().isEmpty() ? AcceptEncoding.IDENTITY
                : AcceptEncoding.coding(refreshed.response().headers().first(CONTENT_ENCODING));
        fillHeaders.set(ACCEPT_ENCODING, coding.equals(AcceptEncoding.GZIP) || coding.equals(AcceptEncoding.BR) ? coding
                : AcceptEncoding.offered(new VertxHeaders(fillHeaders).combined(ACCEPT_ENCODING)));
    }

    /**
     * Adds {@code Vary: Accept-Encoding} to a coded response that lacks it, as Varnish does: a coded
     * body must only reach a client that takes it, which the variant selection sees to, and the fast
     * hit path, which selects no variant, never serves it.
     */
    static void varyOnCoding(MultiMap origin) {
        if (!AcceptEncoding.coding(origin.get(HttpHeaders.CONTENT_ENCODING)).equals(AcceptEncoding.IDENTITY)) {
            varyOnAcceptEncoding(origin);
        }
    }

    /** Adds Accept-Encoding to the response's Vary, unless it is there (or Vary is *). */
    static void varyOnAcceptEncoding(MultiMap origin) {
        List<String> vary = Vary.fieldNames(new VertxHeaders(origin));
        if (!vary.contains("accept-encoding") && !Vary.isWildcard(vary)) {
            origin.add(HttpHeaders.VARY, ACCEPT_ENCODING);
        }
    }

    /**
     * Whether the cache may decode this response for a client: not no-transform (RFC 9111
     * §5.2.2.6), and not one slice of a larger object (ranges of the coded bytes).
     */
    static boolean decodable(HeaderFields response, boolean sliced) {
        return !sliced && !CacheControl.of(response).noTransform();
    }

    /**
     * Whether this response goes to this client decoded: its body is gzip, which the client does not
     * take, and the cache may transform it. A response stored without Vary cannot be coded (coded
     * ones are stored varying), so a plain hit pays no field lookup.
     */
    static boolean decodes(HeaderFields request, PreparedResponse stored) {
        return !stored.response().variantKey().isEmpty() && decodes(request, stored.response().headers())
                && decodedLength(stored) >= 0;
    }

    static boolean decodes(HeaderFields request, HeaderFields response) {
        return isGzip(response) && !AcceptEncoding.acceptsGzip(request.combined(ACCEPT_ENCODING)) && decodable(response, false);
    }

    /** Whether the response's body is gzip-coded. */
    static boolean isGzip(HeaderFields response) {
        return AcceptEncoding.coding(response.first(CONTENT_ENCODING)).equals(AcceptEncoding.GZIP);
    }

    /** The fields of the decoded representation, for the client's preconditions: no coding, the entity tag weak. */
    static HeaderFields decodedFields(HeaderFields coded) {
        return weakened(HeaderList.copyOf(coded).without(List.of(CONTENT_ENCODING, "Content-Length")));
    }

    /** The fields of an uncoded response compressed by the cache: the coding named, the entity tag weak. */
    static HeaderFields coded(HeaderFields uncoded, String coding) {
        return weakened(HeaderList.copyOf(uncoded).without(List.of("Content-Length")).with(CONTENT_ENCODING, coding));
    }

    private static HeaderList weakened(HeaderList fields) {
        String etag = fields.first("ETag");
        return etag == null ? fields : fields.with("ETag", weak(etag));
    }

    /**
     * Turns the fields written for the coded response into the decoded one's: no Content-Encoding,
     * no Accept-Ranges, no Content-Length (the caller frames the decoded body), the entity tag weak.
     */
    static void decodedHead(MultiMap out) {
        out.remove(HttpHeaders.CONTENT_ENCODING);
        // Ranges of a decoded body are not served (RFC 9110 §14.2 lets a server ignore Range).
        out.remove(PartialContent.ACCEPT_RANGES);
        String etag = out.get(HttpHeaders.ETAG);
        if (etag != null) {
            out.set(HttpHeaders.ETAG, weak(etag));
        }
        out.remove(HttpHeaders.CONTENT_LENGTH);
        if (out.get(HttpHeaders.VARY) == null) {
            out.set(HttpHeaders.VARY, ACCEPT_ENCODING);
        }
    }

    /** RFC 9110 §8.8.1: a transformed representation cannot keep the strong tag of the original. */
    private static String weak(String etag) {
        EntityTag tag = EntityTag.parse(etag.trim());
        return tag == null || tag.weak() ? etag : "W/" + etag.trim();
    }

    /** Checks a gzip body before it is stored: one that is not sound must not poison the cache. */
    static Check check(byte[] body, long limit) {
        if (body.length == 0) {
            return Check.AS_IS;
        }
        try {
            long length = GzipDecoder.decodedLength(ByteBuffer.wrap(body), limit);
            return length == GzipDecoder.lastMemberLength(ByteBuffer.wrap(body)) ? Check.DECODABLE : Check.AS_IS;
        } catch (GzipDecoder.Corrupt corrupt) {
            return corrupt.tooLarge() ? Check.AS_IS : Check.CORRUPT;
        }
    }

    /** The length a stored gzip body decodes to: {@link Check#DECODABLE} made its last member's declared length that. */
    static long decodedLength(PreparedResponse stored) {
        return GzipDecoder.lastMemberLength(((BufferInternal) stored.body()).getByteBuf().nioBuffer());
    }
}
