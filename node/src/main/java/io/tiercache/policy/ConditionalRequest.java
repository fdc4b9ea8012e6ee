package io.tiercache.policy;

/**
 * Answering a client's conditional GET or HEAD from a stored response (RFC 9111 §4.3.2,
 * RFC 9110 §13.2.2).
 */
public final class ConditionalRequest {

    private ConditionalRequest() {
    }

    public static boolean isConditional(HeaderFields request) {
        return request.contains("If-None-Match") || request.contains("If-Modified-Since");
    }

    /** True when the cache should answer 304 Not Modified instead of the stored response. */
    public static boolean notModified(HeaderFields request, int storedStatus, HeaderFields stored) {
        // RFC 9110 §13.2.1: preconditions apply only when the response would be 2xx.
        if (storedStatus < 200 || storedStatus >= 300) {
            return false;
        }
        String ifNoneMatch = request.combined("If-None-Match");
        if (ifNoneMatch != null) {
            // §13.2.2 step 3: If-None-Match takes precedence; GET and HEAD use weak comparison.
            EntityTag current = EntityTag.parse(stored.first("ETag"));
            for (EntityTag candidate : EntityTag.parseList(ifNoneMatch)) {
                if (candidate == EntityTag.ANY || candidate.weakMatch(current)) {
                    return true;
                }
            }
            return false;
        }
        String ifModifiedSince = request.first("If-Modified-Since");
        if (ifModifiedSince != null) {
            long since = HttpDate.parseSeconds(ifModifiedSince);
            if (since == HttpDate.INVALID) {
                return false;
            }
            // RFC 9111 §4.3.2: compare with Last-Modified, or else the Date of the stored response.
            long modified = HttpDate.parseSeconds(stored.first("Last-Modified"));
            if (modified == HttpDate.INVALID) {
                modified = HttpDate.parseSeconds(stored.first("Date"));
            }
            return modified != HttpDate.INVALID && modified <= since;
        }
        return false;
    }
}
