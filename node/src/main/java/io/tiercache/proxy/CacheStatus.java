package io.tiercache.proxy;

/**
 * One response's RFC 9211 Cache-Status entry for this cache, and its nginx-style X-Cache-Status.
 *
 * @param fwd       why the request went forward (uri-miss, vary-miss, stale, request, bypass, method), or null for a hit
 * @param fwdStatus the origin's status when forwarded, else 0
 * @param ttl       seconds of freshness left (negative when stale), or null when not from cache
 * @param detail    a short reason, e.g. why a response was not stored
 */
record CacheStatus(CacheOutcome outcome, String fwd, int fwdStatus, boolean stored, boolean collapsed, Long ttl,
                   String detail) {

    /** The identifier this cache uses in Cache-Status and Via. */
    static final String CACHE_NAME = "tiercache";

    static CacheStatus hit(long ttlSeconds) {
        return new CacheStatus(CacheOutcome.HIT, null, 0, false, false, ttlSeconds, null);
    }

    static CacheStatus bypass(String fwd, String detail) {
        return new CacheStatus(CacheOutcome.BYPASS, fwd, 0, false, false, null, detail);
    }

    CacheStatus withFwdStatus(int status) {
        return new CacheStatus(outcome, fwd, status, stored, collapsed, ttl, detail);
    }

    CacheStatus withDetail(String newDetail) {
        return new CacheStatus(outcome, fwd, fwdStatus, stored, collapsed, ttl, newDetail);
    }

    String header() {
        StringBuilder value = new StringBuilder(48).append(CACHE_NAME);
        if (fwd == null) {
            value.append("; hit");
        } else {
            value.append("; fwd=").append(fwd);
            if (fwdStatus > 0) {
                value.append("; fwd-status=").append(fwdStatus);
            }
        }
        if (stored) {
            value.append("; stored");
        }
        if (collapsed) {
            value.append("; collapsed");
        }
        if (ttl != null) {
            value.append("; ttl=").append(ttl);
        }
        if (detail != null) {
            value.append("; detail=\"").append(detail.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return value.toString();
    }
}
