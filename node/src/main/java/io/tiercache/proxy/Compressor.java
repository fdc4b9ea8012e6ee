package io.tiercache.proxy;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import io.tiercache.config.RouteCompression;
import io.tiercache.policy.AcceptEncoding;
import io.tiercache.policy.CacheControl;
import io.tiercache.policy.HeaderFields;
import io.tiercache.policy.Vary;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * A route's {@code compress} (off unless configured): an uncoded, compressible 200 is stored in each
 * of the route's codings instead of as it came, from one fetch, so that each client gets the best
 * coding it accepts (br, gzip) and the others the gzip copy decoded ({@link ContentCoding}). The
 * stored copies are transformations of the origin's: their entity tag is weak (RFC 9110 §8.8.1), and
 * a response that says no-transform (RFC 9111 §5.2.2.6) is stored as it came.
 */
final class Compressor {

    /** Brotli's quality for a copy compressed once and served many times (0..11; 11 is many times slower). */
    private static final int BROTLI_QUALITY = 6;

    private Compressor() {
    }

    /** Why a route cannot compress with Brotli here, or null when it can. */
    static String brotliUnavailable() {
        if (Brotli4jLoader.isAvailable()) {
            return null;
        }
        Throwable cause = Brotli4jLoader.getUnavailabilityCause();
        return "the Brotli native library could not be loaded on this platform ("
                + (cause == null ? "unknown cause" : cause.toString()) + ")";
    }

    /**
     * Decided at the origin's head: whether the route will store this response compressed. If so,
     * {@code Vary: Accept-Encoding} is added at once, so that the response the fill's own client
     * gets, uncoded, says the URL varies on it too.
     */
    static boolean plans(RouteCompression compression, int status, MultiMap origin, long declaredLength,
                         boolean sliced) {
        if (!compression.enabled() || sliced || status != 200) {
            return false;
        }
        VertxHeaders fields = new VertxHeaders(origin);
        if (!AcceptEncoding.coding(fields.first("Content-Encoding")).equals(AcceptEncoding.IDENTITY)
                || fields.first("Content-Range") != null || CacheControl.of(fields).noTransform()
                || !compression.types().contains(mediaType(fields.first("Content-Type")))) {
            return false;
        }
        if (declaredLength >= 0 && declaredLength < compression.minBytes()) {
            return false;
        }
        ContentCoding.varyOnAcceptEncoding(origin);
        return true;
    }

    /** Whether a body planned for compression is large enough, now that its length is known. */
    static boolean worth(RouteCompression compression, int length) {
        return length > 0 && length >= compression.minBytes();
    }

    /**
     * The body in each of the route's codings, with the fields and variant key each is stored as.
     * Compressing takes a while: call it off the event loop. A coding that saves nothing is left out.
     *
     * @param origin  the origin's fields (with Vary: Accept-Encoding)
     * @param offered the fields the origin was sent, which select the variant
     */
    static List<StoredCopies.Copy> compress(RouteCompression compression, byte[] body, HeaderFields origin,
                                            List<String> varyFields, HeaderFields offered) {
        List<StoredCopies.Copy> copies = new ArrayList<>(2);
        for (RouteCompression.Coding coding : compression.codings()) {
            byte[] coded = coding == RouteCompression.Coding.BR ? brotli(body) : gzip(body);
            if (coded.length >= body.length) {
                continue;
            }
            HeaderFields fields = ContentCoding.coded(origin, coding.configName());
            copies.add(new StoredCopies.Copy(coded, fields, Vary.storedVariantKey(varyFields, offered, fields, true)));
        }
        return copies;
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] brotli(byte[] body) {
        try {
            return Encoder.compress(body, new Encoder.Parameters().setQuality(BROTLI_QUALITY));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 9110 §8.3.1: the type/subtype of a Content-Type, lower case, without parameters; "" without one. */
    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
