package io.tiercache.policy;

import java.util.List;
import java.util.Map;

/** Builds {@link CacheRules} for tests, starting from plain RFC behaviour. */
final class Rules {

    private boolean ignoreCacheControl;
    private boolean ignoreExpires;
    private boolean ignoreSetCookie;
    private boolean ignoreXAccelExpires;
    private Map<Integer, Long> routeTtl = Map.of();
    private boolean heuristicFreshness = true;
    private long heuristicMax = CacheRules.HEURISTIC_MAX_SECONDS;
    private long staleWhileRevalidate;
    private long staleIfError;
    private List<String> targetedFields = CacheRules.DEFAULT_TARGETED_FIELDS;

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

    Rules withoutHeuristics() {
        heuristicFreshness = false;
        return this;
    }

    Rules heuristicMax(long seconds) {
        heuristicMax = seconds;
        return this;
    }

    Rules targetedFields(String... names) {
        targetedFields = List.of(names);
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
                status -> ttl.getOrDefault(status, -1L), heuristicFreshness, heuristicMax, staleWhileRevalidate, staleIfError,
                targetedFields);
    }
}
