package io.tiercache.policy;

/** Builds an expected {@link CacheControl}, starting from no directives at all. */
final class Directives {

    private long maxAge = -1;
    private long sMaxAge = -1;
    private long maxStale = -1;
    private long minFresh = -1;
    private long staleWhileRevalidate = -1;
    private long staleIfError = -1;
    private boolean noCache;
    private boolean noStore;
    private boolean isPrivate;
    private boolean isPublic;
    private boolean mustRevalidate;
    private boolean proxyRevalidate;
    private boolean onlyIfCached;
    private boolean immutable;
    private boolean mustUnderstand;

    static Directives none() {
        return new Directives();
    }

    Directives maxAge(long seconds) {
        maxAge = seconds;
        return this;
    }

    Directives sMaxAge(long seconds) {
        sMaxAge = seconds;
        return this;
    }

    Directives maxStale(long seconds) {
        maxStale = seconds;
        return this;
    }

    Directives minFresh(long seconds) {
        minFresh = seconds;
        return this;
    }

    Directives staleWhileRevalidate(long seconds) {
        staleWhileRevalidate = seconds;
        return this;
    }

    Directives staleIfError(long seconds) {
        staleIfError = seconds;
        return this;
    }

    Directives noCache() {
        noCache = true;
        return this;
    }

    Directives noStore() {
        noStore = true;
        return this;
    }

    Directives isPrivate() {
        isPrivate = true;
        return this;
    }

    Directives isPublic() {
        isPublic = true;
        return this;
    }

    Directives mustRevalidate() {
        mustRevalidate = true;
        return this;
    }

    Directives proxyRevalidate() {
        proxyRevalidate = true;
        return this;
    }

    Directives onlyIfCached() {
        onlyIfCached = true;
        return this;
    }

    Directives immutable() {
        immutable = true;
        return this;
    }

    Directives mustUnderstand() {
        mustUnderstand = true;
        return this;
    }

    CacheControl build() {
        return new CacheControl(maxAge, sMaxAge, maxStale, minFresh, staleWhileRevalidate, staleIfError, noCache,
                noStore, isPrivate, isPublic, mustRevalidate, proxyRevalidate, onlyIfCached, immutable, mustUnderstand,
                false);
    }
}
