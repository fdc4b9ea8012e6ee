package io.tiercache.policy;

/**
 * A {@code Content-Range} of a 206 (RFC 9110 §14.4): which bytes of a representation of which
 * complete length a part holds.
 *
 * @param complete the complete length, or {@link #UNKNOWN} for {@code *}
 */
public record ContentRange(long first, long last, long complete) {

    public static final long UNKNOWN = -1;

    /** A byte range of one part, or null when the field is absent, unsatisfied ({@code bytes *}{@code /n}) or malformed. */
    public static ContentRange parse(String value) {
        if (value == null) {
            return null;
        }
        String text = value.trim();
        int space = text.indexOf(' ');
        if (space < 0 || !text.substring(0, space).equalsIgnoreCase("bytes")) {
            return null;
        }
        String rest = text.substring(space + 1).trim();
        int dash = rest.indexOf('-');
        int slash = rest.indexOf('/');
        if (dash < 0 || slash < dash) {
            return null;
        }
        long first = number(rest.substring(0, dash));
        long last = number(rest.substring(dash + 1, slash));
        String length = rest.substring(slash + 1);
        boolean unknown = length.equals("*");
        long complete = unknown ? UNKNOWN : number(length);
        // §14.4: a valid range has first <= last and, when the complete length is known, last < it.
        if (first < 0 || last < first || (!unknown && complete <= last)) {
            return null;
        }
        return new ContentRange(first, last, complete);
    }

    public long length() {
        return last - first + 1;
    }

    /** Whether this part is the whole representation. */
    public boolean whole() {
        return first == 0 && complete != UNKNOWN && last == complete - 1;
    }

    public String header() {
        return "bytes " + first + "-" + last + "/" + (complete == UNKNOWN ? "*" : Long.toString(complete));
    }

    private static long number(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(text);
    }
}
