package io.tiercache.policy;

import java.util.Map;

/** Builds {@link CacheRules} for tests, starting from plain RFC behaviour. */
final class Rules {

    private boolean ignoreCacheControl;
    private boolean ignoreExpires;
    private boolean ignoreSetCookie;
    private boolean ignoreXAccelExpires;
    private Map<Integer, Long> routeTtl = Map.of();
    private boolean heuristicFreshness;
    private long staleWhileRevalidate;
    private long staleIfError;

    static Rules rfc() {
        return new Rules();
    }

    Rules ignoringCacheControl() {
        ignoreCacheControl = true;
        return this;
    }

    Rules ignoringExpires() {
        ignoreExpires = true;
        return this;
    }

    Rules ignoringSetCookie() {
        ignoreSetCookie = true;
        return this;
    }

    Rules ignoringXAccelExpires() {
        ignoreXAccelExpires = true;
        return this;
    }

    Rules routeTtl(int status, long seconds) {
        routeTtl = Map.of(status, seconds);
        return this;
    }

    Rules heuristics() {
        heuristicFreshness = true;
        return this;
    }

    Rules staleWhileRevalidate(long seconds) {
        staleWhileRevalidate = seconds;
        return this;
    }

    Rules staleIfError(long seconds) {
        staleIfError = seconds;
        return this;
    }

    CacheRules build() {
        Map<Integer, Long> ttl = routeTtl;
        return new CacheRules(ignoreCacheControl, ignoreExpires, ignoreSetCookie, ignoreXAccelExpires,
                status -> ttl.getOrDefault(status, -1L), heuristicFreshness, staleWhileRevalidate, staleIfError);
    }
}
