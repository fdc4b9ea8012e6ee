package io.tiercache.store;

/**
 * What a lookup found: a response for the request's variant, or which kind of miss
 * (RFC 9211 distinguishes a URI with nothing stored from one whose stored variants do not match).
 */
public record Lookup(PreparedResponse found, boolean varyMiss) {

    public static final Lookup URI_MISS = new Lookup(null, false);
    public static final Lookup VARY_MISS = new Lookup(null, true);

    public static Lookup found(PreparedResponse prepared) {
        return new Lookup(prepared, false);
    }

    public boolean isHit() {
        return found != null;
    }
}
