package io.tiercache.policy;

/**
 * Evaluating a client's preconditions against the response a cache is about to send (RFC 9110
 * §13.2, RFC 9111 §4.3.2): a 304 for a GET or HEAD whose validators match, a 412 when If-Match or
 * If-Unmodified-Since fails (as nginx's not-modified filter does for what it serves).
 */
public final class ConditionalRequest {

    /** What the preconditions make of the response. */
    public enum Outcome {
        /** Send the response as it is. */
        SEND,
        /** 304 Not Modified: the client's copy is current. */
        NOT_MODIFIED,
        /** 412 Precondition Failed. */
        PRECONDITION_FAILED
    }

    private ConditionalRequest() {
    }

    /** Whether the request carries any precondition a cache evaluates; most requests do not, and pay nothing more. */
    public static boolean isConditional(HeaderFields request) {
        return request.contains("If-None-Match") || request.contains("If-Modified-Since")
                || request.contains("If-Match") || request.contains("If-Unmodified-Since");
    }

    /** RFC 9110 §13.2.2: the preconditions of a GET or HEAD, in their order, against a response of this status and these fields. */
    public static Outcome evaluate(HeaderFields request, int status, HeaderFields response) {
        // §13.2.1: preconditions apply only when the response would be 2xx.
        if (status < 200 || status >= 300) {
            return Outcome.SEND;
        }
        String ifMatch = request.combined("If-Match");
        if (ifMatch != null) {
            // §13.1.1: strong comparison; "*" matches any current representation.
            if (!anyMatches(ifMatch, response.first("ETag"), true)) {
                return Outcome.PRECONDITION_FAILED;
            }
        } else if (unmodifiedSinceFails(request.first("If-Unmodified-Since"), response.first("Last-Modified"))) {
            return Outcome.PRECONDITION_FAILED;
        }
        String ifNoneMatch = request.combined("If-None-Match");
        if (ifNoneMatch != null) {
            // §13.2.2 step 3: If-None-Match takes precedence over If-Modified-Since; GET and HEAD use weak comparison.
            return anyMatches(ifNoneMatch, response.first("ETag"), false) ? Outcome.NOT_MODIFIED : Outcome.SEND;
        }
        return modifiedSinceFails(request.first("If-Modified-Since"), response) ? Outcome.NOT_MODIFIED : Outcome.SEND;
    }

    private static boolean anyMatches(String list, String etag, boolean strong) {
        EntityTag current = EntityTag.parse(etag);
        for (EntityTag candidate : EntityTag.parseList(list)) {
            if (candidate == EntityTag.ANY || (strong ? candidate.strongMatch(current) : candidate.weakMatch(current))) {
                return true;
            }
        }
        return false;
    }

    /** §13.1.4: false when the representation changed after the date; an invalid date or no Last-Modified leaves it out. */
    private static boolean unmodifiedSinceFails(String ifUnmodifiedSince, String lastModified) {
        if (ifUnmodifiedSince == null) {
            return false;
        }
        long since = HttpDate.parseSeconds(ifUnmodifiedSince);
        long modified = HttpDate.parseSeconds(lastModified);
        return since != HttpDate.INVALID && modified != HttpDate.INVALID && modified > since;
    }

    /** §13.1.3: the condition "modified since" is false, so the client's copy is current. */
    private static boolean modifiedSinceFails(String ifModifiedSince, HeaderFields response) {
        if (ifModifiedSince == null) {
            return false;
        }
        long since = HttpDate.parseSeconds(ifModifiedSince);
        if (since == HttpDate.INVALID) {
            return false;
        }
        // RFC 9111 §4.3.2: compare with Last-Modified, or else the Date of the stored response.
        long modified = HttpDate.parseSeconds(response.first("Last-Modified"));
        if (modified == HttpDate.INVALID) {
            modified = HttpDate.parseSeconds(response.first("Date"));
        }
        return modified != HttpDate.INVALID && modified <= since;
    }
}
