package io.tiercache.admin;

import io.tiercache.policy.CacheStrategy;
import io.tiercache.policy.ClientDirectives;
import io.tiercache.policy.Validators;
import io.tiercache.store.CachedResponse;
import io.vertx.core.json.JsonObject;

/**
 * What the next plain request (no Cache-Control of its own) for a stored response gets, and why,
 * in words: decided by {@link CacheStrategy}, the same computation the proxy makes, so the page
 * cannot tell a story the proxy does not follow.
 */
final class NextRequest {

    private NextRequest() {
    }

    /** {"outcome": HIT | STALE | REVALIDATE, "ttl": the Cache-Status ttl, "reason": ...}. */
    static JsonObject of(CachedResponse response, long now) {
        long age = response.ageMillis(now);
        CacheStrategy strategy = CacheStrategy.forStored(response, response.headers(), age, ClientDirectives.NONE, now);
        long lifetime = response.freshness().lifetime();
        long ttl = Math.floorDiv(response.freshnessLeftMillis(now), 1000);
        JsonObject next = new JsonObject().put("ttl", response.softPurged() ? Math.min(0, ttl) : ttl);
        String source = response.freshness().source();
        return switch (strategy.reuse()) {
            case FRESH -> next.put("outcome", "HIT").put("reason", "fresh for another "
                    + duration(lifetime - age) + " of its " + duration(lifetime) + " lifetime (set by " + source
                    + "): served from cache, the origin is not asked");
            case STALE_WHILE_REVALIDATE -> next.put("outcome", "STALE").put("reason", (response.softPurged()
                    ? "soft-purged " + duration(now - response.softPurgedAt()) + " ago"
                    : "expired " + duration(age - lifetime) + " ago, within its stale-while-revalidate window of "
                    + duration(response.freshness().staleWhileRevalidate()) + " ("
                    + duration(response.freshness().staleWhileRevalidate() - (age - lifetime)) + " left)")
                    + ": the next request gets this copy at once and starts one refresh in the background");
            case REVALIDATE -> next.put("outcome", "REVALIDATE").put("reason", whyRevalidate(response, age)
                    + ": " + how(strategy.validators()));
            default -> next.put("outcome", strategy.reuse().name()).put("reason", "decided " + strategy.reuse());
        };
    }

    private static String whyRevalidate(CachedResponse response, long age) {
        CachedResponse.Freshness freshness = response.freshness();
        if (freshness.revalidateAlways()) {
            return "the origin said no-cache: every use is checked with the origin first";
        }
        String stale = response.softPurged() ? "soft-purged" : "expired " + duration(age - freshness.lifetime()) + " ago";
        if (freshness.staleForbidden()) {
            return stale + ", and must-revalidate forbids serving it stale";
        }
        return freshness.staleWhileRevalidate() > 0
                ? stale + ", past its stale-while-revalidate window of " + duration(freshness.staleWhileRevalidate())
                : stale + ", with no stale-while-revalidate window";
    }

    private static String how(Validators validators) {
        if (!validators.any()) {
            return "it has no validator, so the next request waits for a full fetch (EXPIRED)";
        }
        String condition = validators.ifNoneMatch() != null ? "If-None-Match: " + validators.ifNoneMatch()
                : "If-Modified-Since: " + validators.ifModifiedSince();
        return "the next request waits while the origin is asked with " + condition
                + " (a 304 makes it REVALIDATED, a new response EXPIRED)";
    }

    /** 45s, 9m 59s, 2h 5m, 3d 4h: the two largest units. */
    static String duration(long millis) {
        long seconds = Math.max(0, millis) / 1000;
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + "m" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + "s");
        }
        if (seconds < 86_400) {
            return (seconds / 3600) + "h" + (seconds % 3600 / 60 == 0 ? "" : " " + seconds % 3600 / 60 + "m");
        }
        return (seconds / 86_400) + "d" + (seconds % 86_400 / 3600 == 0 ? "" : " " + seconds % 86_400 / 3600 + "h");
    }
}
