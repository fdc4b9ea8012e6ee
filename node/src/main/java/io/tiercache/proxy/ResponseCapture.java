package io.tiercache.proxy;

import io.tiercache.policy.CurrentAge;
import io.tiercache.policy.HeaderFields;
import io.tiercache.policy.HeaderList;
import io.tiercache.policy.HopByHop;
import io.tiercache.policy.StoreDecision;
import io.tiercache.store.CacheLocation;
import io.tiercache.store.CachedResponse;
import io.vertx.core.MultiMap;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns an origin response into what the cache keeps and what the client is sent: hop-by-hop
 * fields removed, Set-Cookie removed when a route strips it, surrogate-key headers read into tags
 * (and, as CDNs do, not shown to clients), the fields that direct this cache alone consumed, and
 * the cache's own fields left for the cache to write.
 */
final class ResponseCapture {

    /** RFC 9213 §3: forwarded, so that a CDN in front of the tier can use it too. */
    private static final String CDN_CACHE_CONTROL = "cdn-cache-control";

    private final List<String> tagHeaders;
    /**
     * Surrogate-Control (the Edge Architecture asks the surrogate it targets to remove it) and the
     * targeted fields on this cache's list other than CDN-Cache-Control (RFC 9213 §2.2 lets a cache
     * that uses a targeted field remove it; those named for this cache mean nothing downstream).
     */
    private final Set<String> consumed;

    ResponseCapture(List<String> tagHeaders, List<String> targetedFields) {
        this.tagHeaders = tagHeaders.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList();
        Set<String> cacheOnly = new HashSet<>();
        cacheOnly.add("surrogate-control");
        targetedFields.stream().map(name -> name.toLowerCase(Locale.ROOT)).filter(name -> !name.equals(CDN_CACHE_CONTROL))
                .forEach(cacheOnly::add);
        this.consumed = Set.copyOf(cacheOnly);
    }

    /** The origin's fields as the client and the cache see them (Content-Length, Age and X-Accel-* excluded). */
    HeaderList clientFields(HeaderFields origin, boolean stripSetCookie) {
        Set<String> connectionTokens = HopByHop.connectionTokens(origin);
        HeaderList.Builder kept = HeaderList.builder();
        origin.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            // X-Accel-* instruct the cache (like nginx, which hides them); they are not for clients.
            if (HopByHop.isHopByHop(lower, connectionTokens) || lower.equals("content-length") || lower.equals("age")
                    || lower.equals("x-cache-status") || lower.startsWith("x-accel-") || tagHeaders.contains(lower)
                    || consumed.contains(lower)
                    || (stripSetCookie && lower.equals("set-cookie"))) {
                return;
            }
            kept.add(name, value);
        });
        return kept.build();
    }

    /** Surrogate keys: Surrogate-Key is space-separated, Cache-Tag comma-separated; both splits apply to any tag header. */
    String[] tags(HeaderFields origin) {
        Set<String> tags = new LinkedHashSet<>();
        for (String header : tagHeaders) {
            for (String line : origin.all(header)) {
                for (String tag : line.split("[\\s,]+")) {
                    if (!tag.isEmpty()) {
                        tags.add(tag);
                    }
                }
            }
        }
        return tags.toArray(new String[0]);
    }

    CachedResponse capture(CacheLocation location, String variantKey, int status, HeaderFields origin, byte[] body,
                           StoreDecision decision, long requestTime, long responseTime, long purgeEpoch, String node) {
        CachedResponse.Timing timing = new CachedResponse.Timing(requestTime, responseTime,
                CurrentAge.initialMillis(origin, requestTime, responseTime));
        return new CachedResponse(location, variantKey, status,
                acceptingRanges(clientFields(origin, decision.stripSetCookie()), status), body, tags(origin), timing,
                freshness(decision), 0, purgeEpoch, node);
    }

    /**
     * RFC 9110 §14.3: the cache answers ranges of every 200 it keeps, whatever the origin does; said
     * once when the response is captured, so that hits pay nothing for it.
     */
    static HeaderList acceptingRanges(HeaderList fields, int status) {
        return status == 200 ? fields.with("Accept-Ranges", "bytes") : fields;
    }

    static CachedResponse.Freshness freshness(StoreDecision decision) {
        return new CachedResponse.Freshness(
                decision.lifetime().seconds() * 1000,
                decision.staleWhileRevalidateSeconds() * 1000,
                decision.staleIfErrorSeconds() * 1000,
                decision.revalidateAlways(),
                decision.staleForbidden(),
                decision.lifetime().source().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /** Copies fields into Vert.x headers (for the client response on a miss). */
    static void copy(HeaderList fields, MultiMap into) {
        for (int i = 0; i < fields.size(); i++) {
            into.add(fields.name(i), fields.value(i));
        }
    }
}
