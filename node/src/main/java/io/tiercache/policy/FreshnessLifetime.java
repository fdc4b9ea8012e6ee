package io.tiercache.policy;

/**
 * How long a response stays fresh, and which rule said so (RFC 9111 §4.2.1). The source is kept
 * so that logs can answer "why is this page still cached?".
 */
public record FreshnessLifetime(long seconds, Source source) {

    public enum Source {
        X_ACCEL_EXPIRES, S_MAXAGE, MAX_AGE, EXPIRES, ROUTE_TTL, HEURISTIC, NONE;

        /** Whether the origin stated the freshness itself. */
        public boolean explicit() {
            return this == X_ACCEL_EXPIRES || this == S_MAXAGE || this == MAX_AGE || this == EXPIRES;
        }
    }

    private static final FreshnessLifetime NONE = new FreshnessLifetime(0, Source.NONE);

    /**
     * @param cc             the directives this cache decides by, as the route sees them (already
     *                       {@link CacheControl#NONE} when the route ignores them)
     * @param expiresApplies false when a targeted field replaced Cache-Control and Expires
     */
    public static FreshnessLifetime of(int status, HeaderFields response, CacheControl cc, boolean expiresApplies,
                                       CacheRules rules, long responseTimeSeconds) {
        if (!rules.ignoreXAccelExpires()) {
            String accel = response.first("X-Accel-Expires");
            if (accel != null) {
                long seconds = xAccelExpires(accel.trim(), responseTimeSeconds);
                if (seconds >= 0) {
                    return new FreshnessLifetime(seconds, Source.X_ACCEL_EXPIRES);
                }
            }
        }
        // §4.2.1: a shared cache uses s-maxage, then max-age, then Expires minus Date.
        if (cc.hasSMaxAge()) {
            return new FreshnessLifetime(cc.sMaxAge(), Source.S_MAXAGE);
        }
        if (cc.hasMaxAge()) {
            return new FreshnessLifetime(cc.maxAge(), Source.MAX_AGE);
        }
        if (expiresApplies && !rules.ignoreExpires()) {
            String expires = response.first("Expires");
            if (expires != null) {
                return new FreshnessLifetime(expiresMinusDate(expires, response, responseTimeSeconds), Source.EXPIRES);
            }
        }
        long routeTtl = rules.routeTtlFor(status);
        if (routeTtl >= 0) {
            return new FreshnessLifetime(routeTtl, Source.ROUTE_TTL);
        }
        if (rules.heuristicFreshness() && Storability.heuristicallyCacheable(status)) {
            long heuristic = Math.min(rules.heuristicMaxSeconds(), heuristic(response, responseTimeSeconds));
            if (heuristic > 0) {
                return new FreshnessLifetime(heuristic, Source.HEURISTIC);
            }
        }
        return NONE;
    }

    /** nginx: a number of seconds, or "@" followed by an absolute time in epoch seconds. */
    private static long xAccelExpires(String value, long nowSeconds) {
        if (value.startsWith("@")) {
            long at = CacheControl.deltaSeconds(value.substring(1));
            return at < 0 ? -1 : Math.max(0, at - nowSeconds);
        }
        return CacheControl.deltaSeconds(value);
    }

    /** §5.3: an invalid Expires, such as "0", means already expired. */
    private static long expiresMinusDate(String expires, HeaderFields response, long responseTimeSeconds) {
        long expiresAt = HttpDate.parseSeconds(expires);
        if (expiresAt == HttpDate.INVALID) {
            return 0;
        }
        return Math.max(0, expiresAt - dateOrReceived(response, responseTimeSeconds));
    }

    private static long heuristic(HeaderFields response, long responseTimeSeconds) {
        long lastModified = HttpDate.parseSeconds(response.first("Last-Modified"));
        if (lastModified == HttpDate.INVALID) {
            return 0;
        }
        // §4.2.2: a typical setting is 10% of the time since Last-Modified.
        long date = dateOrReceived(response, responseTimeSeconds);
        return Math.max(0, date - lastModified) / 10;
    }

    /** §4.2.3: when Date is missing or invalid, the time of receipt stands in for it. */
    static long dateOrReceived(HeaderFields response, long responseTimeSeconds) {
        long date = HttpDate.parseSeconds(response.first("Date"));
        return date == HttpDate.INVALID ? responseTimeSeconds : date;
    }
}
