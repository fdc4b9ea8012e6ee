package io.tiercache.policy;

/**
 * The outcome of {@link Storability#decide}: whether to store, why (for logs), and the freshness
 * and stale windows the stored entry will carry.
 *
 * @param staleWhileRevalidateSeconds RFC 5861 window after expiry during which the entry is served
 *                                    while one background refresh runs
 * @param staleIfErrorSeconds         RFC 5861 window after expiry during which the entry stands in
 *                                    for an origin error
 * @param revalidateAlways            no-cache: every reuse needs a successful validation
 * @param staleForbidden              must-revalidate, proxy-revalidate or no-cache
 * @param stripSetCookie              store (and serve) the response without its Set-Cookie fields
 */
public record StoreDecision(
        boolean storable,
        String reason,
        FreshnessLifetime lifetime,
        long staleWhileRevalidateSeconds,
        long staleIfErrorSeconds,
        boolean revalidateAlways,
        boolean staleForbidden,
        boolean stripSetCookie) {

    public static StoreDecision refuse(String reason) {
        return new StoreDecision(false, reason, new FreshnessLifetime(0, FreshnessLifetime.Source.NONE),
                0, 0, false, false, false);
    }
}
