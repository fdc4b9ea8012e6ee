package io.tiercache.proxy;

import io.tiercache.config.RouteCompression;
import io.tiercache.policy.HeaderFields;
import io.tiercache.policy.Vary;
import io.vertx.core.Context;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * What a fill stores of a body it fetched, where content codings ask for work first, which runs off
 * the event loop: a gzip body only once it is checked to be sound ({@link ContentCoding#check}), as
 * the gzip;as-is variant when the cache will not decode it; on a route that compresses, one copy per
 * coding ({@link Compressor}), and the body as it came as well when none of them is gzip.
 */
final class StoredCopies {

    private static final Logger LOG = LoggerFactory.getLogger(StoredCopies.class);

    /** One representation to store: its body, its fields, and the variant key it is stored under. */
    record Copy(byte[] body, HeaderFields fields, String variantKey) {
    }

    private StoredCopies() {
    }

    /** Whether the body is stored as it came, with no work to do first: the common case. */
    static boolean asItCame(boolean compressing, boolean sliced, HeaderFields origin) {
        return !compressing && (sliced || !ContentCoding.isGzip(origin));
    }

    /**
     * @param origin      the origin's fields, as the cache keeps them
     * @param response    the response as the fill captured it (its Vary fields and variant key)
     * @param offered     the fields the origin was sent
     * @param compression the route's compress when the body is to be compressed, else null
     * @return the copies to store; none when the body must not be stored (corrupt gzip)
     */
    static Future<List<Copy>> prepare(Context context, byte[] body, HeaderFields origin, FillResponse response,
                                      HeaderFields offered, RouteCompression compression, long maxObjectBytes,
                                      String url) {
        Copy asItCame = new Copy(body, origin, response.variantKey());
        if (compression != null) {
            return context.executeBlocking(() -> Compressor.compress(compression, body, origin, response.varyFields(),
                    offered), false).otherwise(failure -> {
                        LOG.warn("could not compress {}; stored as it came", url, failure);
                        return List.of();
                    }).map(coded -> {
                        List<Copy> copies = new ArrayList<>();
                        if (coded.stream().noneMatch(copy -> ContentCoding.isGzip(copy.fields()))) {
                            // Without a gzip copy, clients that do not take br need the body as it came.
                            copies.add(asItCame);
                        }
                        copies.addAll(coded);
                        return copies;
                    });
        }
        return context.executeBlocking(() -> ContentCoding.check(body, maxObjectBytes), false)
                .otherwise(ContentCoding.Check.CORRUPT).map(check -> switch (check) {
                    case DECODABLE -> List.of(asItCame);
                    case AS_IS -> List.of(new Copy(body, origin,
                            Vary.storedVariantKey(response.varyFields(), offered, origin, false)));
                    case CORRUPT -> {
                        // It would serve damage until it expires.
                        LOG.warn("origin sent {} as gzip, but its body is not sound gzip: not stored", url);
                        yield List.of();
                    }
                });
    }
}
