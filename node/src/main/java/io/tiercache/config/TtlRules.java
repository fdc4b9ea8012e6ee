package io.tiercache.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How long a route keeps responses, by status code, like nginx's {@code proxy_cache_valid}.
 *
 * @param byStatus the time to live for exact status codes
 * @param any      the time to live for every other status, or {@code null}
 */
public record TtlRules(Map<Integer, Duration> byStatus, Duration any) {
    private static final TtlRules NONE = new TtlRules(Map.of(), null);

    public TtlRules {
        byStatus = Map.copyOf(byStatus);
    }

    /** No rules: freshness comes from the origin's response alone. */
    public static TtlRules none() {
        return NONE;
    }

    /** The rule for a status: the exact status first, then {@code any}. */
    public Optional<Duration> forStatus(int status) {
        Duration exact = byStatus.get(status);
        return Optional.ofNullable(exact != null ? exact : any);
    }
}
