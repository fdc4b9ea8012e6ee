package io.tiercache.policy;

/** A {@link StoredFreshness} for tests; windows given in seconds, read back in milliseconds. */
record Stored(long freshnessLifetimeMillis, long staleWhileRevalidateMillis, long staleIfErrorMillis,
              boolean revalidateAlways, boolean staleForbidden, boolean softPurged) implements StoredFreshness {

    /** Stored long before any request of these tests arrived. */
    @Override
    public long responseTimeMillis() {
        return 0;
    }

    static Stored freshFor(long seconds) {
        return new Stored(seconds * 1000, 0, 0, false, false, false);
    }

    Stored staleWhileRevalidate(long seconds) {
        return new Stored(freshnessLifetimeMillis, seconds * 1000, staleIfErrorMillis, revalidateAlways,
                staleForbidden, softPurged);
    }

    Stored staleIfError(long seconds) {
        return new Stored(freshnessLifetimeMillis, staleWhileRevalidateMillis, seconds * 1000, revalidateAlways,
                staleForbidden, softPurged);
    }

    Stored revalidatingAlways() {
        return new Stored(freshnessLifetimeMillis, staleWhileRevalidateMillis, staleIfErrorMillis, true, true,
                softPurged);
    }

    Stored forbiddingStale() {
        return new Stored(freshnessLifetimeMillis, staleWhileRevalidateMillis, staleIfErrorMillis, revalidateAlways,
                true, softPurged);
    }

    Stored softlyPurged() {
        return new Stored(freshnessLifetimeMillis, staleWhileRevalidateMillis, staleIfErrorMillis, revalidateAlways,
                staleForbidden, true);
    }
}
