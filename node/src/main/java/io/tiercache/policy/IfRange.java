package io.tiercache.policy;

/** RFC 9110 §13.1.5: whether an If-Range precondition holds, so that the Range is honoured. */
public final class IfRange {

    private IfRange() {
    }

    /**
     * Whether {@code ifRange} names the representation these response fields describe: a strong
     * entity-tag equal to its ETag, or a date equal to its strong Last-Modified. A weak tag, a weak
     * date or an invalid value never holds (the client then gets the whole representation).
     */
    public static boolean holds(String ifRange, HeaderFields response) {
        String value = ifRange.trim();
        // §13.1.5: an entity-tag is told from an HTTP-date by a DQUOTE in its first three characters.
        if (value.length() >= 2 && value.substring(0, Math.min(3, value.length())).indexOf('"') >= 0) {
            EntityTag requested = EntityTag.parse(value);
            return requested != null && requested.strongMatch(EntityTag.parse(response.first("ETag")));
        }
        long date = HttpDate.parseSeconds(value);
        return date != HttpDate.INVALID && date == HttpDate.parseSeconds(response.first("Last-Modified"))
                && strongLastModified(response);
    }

    /**
     * §8.8.2.2: a cache may take a Last-Modified as strong when the response's Date is at least one
     * second after it (the representation did not change within that second).
     */
    public static boolean strongLastModified(HeaderFields response) {
        long modified = HttpDate.parseSeconds(response.first("Last-Modified"));
        long date = HttpDate.parseSeconds(response.first("Date"));
        return modified != HttpDate.INVALID && date != HttpDate.INVALID && date >= modified + 1;
    }
}
