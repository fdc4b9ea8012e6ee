package io.tiercache.config;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An origin failure that lets a route serve a stale entry within its {@code stale-if-error} window,
 * named as in nginx's {@code proxy_cache_use_stale}.
 */
public enum StaleCondition {
    /** The origin could not be reached or the exchange broke off. */
    ERROR(0),
    /** The origin did not answer within the read timeout. */
    TIMEOUT(0),
    HTTP_500(500),
    HTTP_502(502),
    HTTP_503(503),
    HTTP_504(504),
    HTTP_403(403),
    HTTP_404(404),
    HTTP_429(429);

    /** What RFC 5861 §4 calls an error: failing to reach the origin, and 500, 502, 503, 504. */
    private static final Set<StaleCondition> DEFAULTS =
            Set.copyOf(EnumSet.of(ERROR, TIMEOUT, HTTP_500, HTTP_502, HTTP_503, HTTP_504));

    /** The origin status this condition stands for; 0 for failures without a response. */
    private final int status;

    StaleCondition(int status) {
        this.status = status;
    }

    public static Set<StaleCondition> defaults() {
        return DEFAULTS;
    }

    /** The condition an origin response status stands for, if any. */
    public static Optional<StaleCondition> ofStatus(int status) {
        for (StaleCondition condition : values()) {
            if (status > 0 && condition.status == status) {
                return Optional.of(condition);
            }
        }
        return Optional.empty();
    }

    /** The name used in the config file, e.g. {@code http_503}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
