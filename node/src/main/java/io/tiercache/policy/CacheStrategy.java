package io.tiercache.policy;

/**
 * The caching decision for one request, made once from what is stored and what the client asked,
 * in the manner of OkHttp's CacheStrategy: serve the stored response (fresh or stale), revalidate it
 * with the validators it carries, fetch, or answer without the origin because the client forbade
 * forwarding.
 *
 * @param validators what to send when {@link Reuse#REVALIDATE}, and in the background refresh of
 *                   {@link Reuse#STALE_WHILE_REVALIDATE}; {@link Validators#NONE} otherwise
 */
public record CacheStrategy(Reuse reuse, Validators validators) {

    private static final CacheStrategy FETCH = new CacheStrategy(Reuse.FETCH, Validators.NONE);
    private static final CacheStrategy UNAVAILABLE = new CacheStrategy(Reuse.UNAVAILABLE, Validators.NONE);
    private static final CacheStrategy FRESH = new CacheStrategy(Reuse.FRESH, Validators.NONE);

    /** Nothing usable is stored: fetch, unless the client said only-if-cached (RFC 9111 §5.2.1.7). */
    public static CacheStrategy forMiss(ClientDirectives client) {
        return client.onlyIfCached() ? UNAVAILABLE : FETCH;
    }

    /**
     * @param storedFields     the stored response's header fields, for its validators
     * @param requestArrivedAt when the request arrived; a response that came from the origin after
     *                         that was fetched or validated for this request (or one it waited
     *                         with), which is the validation no-cache asks for (RFC 9111 §5.2.1.4,
     *                         §5.2.2.4), so it answers this request once more
     */
    public static CacheStrategy forStored(StoredFreshness stored, HeaderFields storedFields, long ageMillis,
                                          ClientDirectives client, long requestArrivedAt) {
        if (!stored.softPurged() && stored.responseTimeMillis() >= requestArrivedAt) {
            return FRESH;
        }
        Reuse reuse = Reuse.decide(stored, ageMillis, client);
        if (reuse == Reuse.REVALIDATE) {
            // RFC 9111 §5.2.1.7: only-if-cached forbids the revalidation; a stale response may not stand in.
            return client.onlyIfCached() ? UNAVAILABLE : new CacheStrategy(reuse, Validators.of(storedFields));
        }
        if (reuse == Reuse.STALE_WHILE_REVALIDATE) {
            // RFC 5861 §3: the background refresh revalidates, so a 304 can spare the body (RFC 9111 §4.3.1).
            return new CacheStrategy(reuse, Validators.of(storedFields));
        }
        return reuse == Reuse.FRESH ? FRESH : new CacheStrategy(reuse, Validators.NONE);
    }
}
