package io.tiercache.store;

import io.tiercache.policy.CurrentAge;
import io.tiercache.policy.HeaderList;
import io.tiercache.policy.StoredFreshness;

import java.util.Objects;

/**
 * A stored response: status, headers and body as they will be served, plus the timings and
 * windows that decide its freshness, and the facts that answer "why is this still cached?".
 * Immutable; times are epoch milliseconds.
 */
public final class CachedResponse extends StoredEntry implements StoredFreshness {

    private final String variantKey;
    private final int status;
    private final HeaderList headers;
    private final byte[] body;
    private final String[] tags;
    private final Timing timing;
    private final Freshness freshness;
    private final long softPurgedAt;
    private final long purgeEpoch;
    private final String storedBy;
    private final SliceLayout slices;

    /**
     * @param requestTime  when the request that produced this response was sent to the origin
     * @param responseTime when the response arrived
     * @param initialAge   RFC 9111 §4.2.3 corrected_initial_age
     */
    public record Timing(long requestTime, long responseTime, long initialAge) {
    }

    /**
     * @param source which rule set the lifetime (s-maxage, max-age, route ttl, ...), for logs
     */
    public record Freshness(long lifetime, long staleWhileRevalidate, long staleIfError,
                            boolean revalidateAlways, boolean staleForbidden, String source) {
    }

    public CachedResponse(CacheLocation location, String variantKey, int status, HeaderList headers, byte[] body,
                          String[] tags, Timing timing, Freshness freshness, long softPurgedAt, long purgeEpoch,
                          String storedBy) {
        this(location, variantKey, status, headers, body, tags, timing, freshness, softPurgedAt, purgeEpoch, storedBy,
                null);
    }

    /**
     * @param slices how a large object's body is kept in slices of their own; null when {@code body}
     *               is the whole body (every response but a sliced object's head)
     */
    public CachedResponse(CacheLocation location, String variantKey, int status, HeaderList headers, byte[] body,
                          String[] tags, Timing timing, Freshness freshness, long softPurgedAt, long purgeEpoch,
                          String storedBy, SliceLayout slices) {
        super(location);
        this.variantKey = Objects.requireNonNull(variantKey, "variantKey");
        this.status = status;
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = Objects.requireNonNull(body, "body");
        this.tags = Objects.requireNonNull(tags, "tags");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.freshness = Objects.requireNonNull(freshness, "freshness");
        this.softPurgedAt = softPurgedAt;
        this.purgeEpoch = purgeEpoch;
        this.storedBy = Objects.requireNonNull(storedBy, "storedBy");
        this.slices = slices;
    }

    public String storageKey() {
        return location().storageKey(variantKey);
    }

    public String variantKey() {
        return variantKey;
    }

    public int status() {
        return status;
    }

    public HeaderList headers() {
        return headers;
    }

    /** The stored body; callers must not modify it. */
    public byte[] body() {
        return body;
    }

    @Override
    public String[] getTags() {
        return tags;
    }

    public Timing timing() {
        return timing;
    }

    public Freshness freshness() {
        return freshness;
    }

    public long softPurgedAt() {
        return softPurgedAt;
    }

    /**
     * The sequence of the last purge the storing node had applied when the fetch for this response
     * began. A matching purge with a later sequence makes this response obsolete, even when the
     * fetch finished after the purge (invariant 2).
     */
    public long purgeEpoch() {
        return purgeEpoch;
    }

    public String storedBy() {
        return storedBy;
    }

    /** How this object's body is kept in slices, or null when the body is here whole. */
    public SliceLayout slices() {
        return slices;
    }

    /** The shared-map key of slice {@code index} of this (sliced) object. */
    public String sliceKey(int index) {
        return location().storageKey(sliceVariant(index));
    }

    /** The variant key of a slice: the object's own, then the slice index, so each variant has its own slices. */
    public String sliceVariant(int index) {
        return variantKey + CacheLocation.SLICE_SEPARATOR + index;
    }

    /** Whether this entry is one slice of a sliced object (a 206 holding its bytes). */
    public boolean isSlice() {
        return variantKey.indexOf(CacheLocation.SLICE_SEPARATOR) >= 0;
    }

    public long ageMillis(long now) {
        return CurrentAge.currentMillis(timing.initialAge(), timing.responseTime(), now);
    }

    /** Milliseconds of freshness left at {@code now}; negative once stale. */
    public long freshnessLeftMillis(long now) {
        return freshness.lifetime() - ageMillis(now);
    }

    public boolean hasValidator() {
        return headers.contains("ETag") || headers.contains("Last-Modified");
    }

    @Override
    public long freshnessLifetimeMillis() {
        return freshness.lifetime();
    }

    @Override
    public long staleWhileRevalidateMillis() {
        return freshness.staleWhileRevalidate();
    }

    @Override
    public long staleIfErrorMillis() {
        return freshness.staleIfError();
    }

    @Override
    public boolean revalidateAlways() {
        return freshness.revalidateAlways();
    }

    @Override
    public boolean staleForbidden() {
        return freshness.staleForbidden();
    }

    @Override
    public boolean softPurged() {
        return softPurgedAt > 0;
    }

    @Override
    public long responseTimeMillis() {
        return timing.responseTime();
    }

    /**
     * How long the shared map keeps this entry from {@code now}: its remaining freshness, plus the
     * longest stale window ({@code keepStale}, for an unreachable origin, unless it may never be
     * served stale), plus {@code keepForRevalidation} when it has a validator (so an expired entry
     * can still be refreshed with a cheap conditional request, like nginx's proxy_cache_revalidate).
     */
    public long retentionMillis(long now, long keepForRevalidation, long keepStale) {
        long left = freshnessLeftMillis(now);
        long stale = Math.max(Math.max(freshness.staleWhileRevalidate(), freshness.staleIfError()),
                freshness.staleForbidden() ? 0 : keepStale);
        long keep = hasValidator() ? keepForRevalidation : 0;
        return Math.max(1, Math.max(0, left) + stale + keep);
    }

    /** This response as the head of an object kept in slices. */
    public CachedResponse withSlices(SliceLayout layout) {
        return new CachedResponse(location(), variantKey, status, headers, body, tags, timing, freshness, softPurgedAt,
                purgeEpoch, storedBy, layout);
    }

    /** A copy marked stale by a soft purge at {@code at}. */
    public CachedResponse softPurged(long at) {
        return new CachedResponse(location(), variantKey, status, headers, body, tags, timing, freshness, at, purgeEpoch,
                storedBy, slices);
    }

    /** The response freshened by a 304: new headers and timings, same body (RFC 9111 §4.3.4). */
    public CachedResponse revalidated(HeaderList newHeaders, Timing newTiming, Freshness newFreshness, long epoch,
                                      String node) {
        return new CachedResponse(location(), variantKey, status, newHeaders, body, tags, newTiming, newFreshness, 0, epoch,
                node, slices);
    }

    /** Approximate heap cost, for weighing in the hot tier. */
    public long estimatedBytes() {
        long bytes = 96L + body.length + headers.estimatedBytes() + location().estimatedBytes() + 2L * variantKey.length();
        for (String tag : tags) {
            bytes += 40L + 2L * tag.length();
        }
        return bytes;
    }
}
