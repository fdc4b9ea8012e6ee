package io.tiercache.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a {@code Range} request asks of a representation of known length (RFC 9110 §14): the whole
 * representation (no range, an invalid or unsupported one, a failed {@code If-Range}), none of it
 * (416), or parts of it (206).
 *
 * <p>Overlapping and nearly adjacent ranges are merged and the parts sent in ascending order, and
 * a range set that still has more than {@link #MAX_PARTS} parts is ignored, as §14.2 and §14.6 allow
 * a server to do with egregious range sets.
 */
public final class ByteRanges {

    /** The most parts a multipart/byteranges answer carries; a request for more gets the whole representation. */
    public static final int MAX_PARTS = 16;
    /** The most range-specs read from one header; a longer list is ignored unread (§14.2: a deliberate denial of service). */
    static final int MAX_SPECS = 100;
    /** Ranges closer than this are merged (§14.6: a gap smaller than the overhead of one more part). */
    static final long MERGE_GAP = 80;

    /** One satisfiable range: bytes {@code first} to {@code last}, both included. */
    public record Span(long first, long last) {
        public long length() {
            return last - first + 1;
        }
    }

    /** What to send. */
    public sealed interface Plan permits Whole, Unsatisfiable, Parts {
    }

    /** The whole representation, as if there had been no Range header. */
    public record Whole() implements Plan {
    }

    /** §15.5.17: no range overlaps the representation; 416 with {@code Content-Range: bytes *}{@code /length}. */
    public record Unsatisfiable() implements Plan {
    }

    /** §15.3.7: one part (Content-Range) or several (multipart/byteranges), in ascending order. */
    public record Parts(List<Span> spans) implements Plan {
        public Parts {
            spans = List.copyOf(spans);
        }

        public boolean single() {
            return spans.size() == 1;
        }
    }

    public static final Plan WHOLE = new Whole();
    public static final Plan UNSATISFIABLE = new Unsatisfiable();

    private ByteRanges() {
    }

    /**
     * The plan for a GET whose response, before ranges, would be {@code status} with these fields
     * and a body of {@code length} bytes.
     */
    public static Plan requested(HeaderFields request, int status, HeaderFields response, long length) {
        String range = request.combined("Range");
        // §14.2: Range is evaluated only where the answer would otherwise be a 200.
        if (range == null || status != 200 || length < 0) {
            return WHOLE;
        }
        String ifRange = request.first("If-Range");
        if (ifRange != null && !IfRange.holds(ifRange, response)) {
            return WHOLE;
        }
        return of(range, length);
    }

    /** §14.1, §14.2: the plan for a Range field value against a representation of {@code length} bytes. */
    public static Plan of(String range, long length) {
        int equals = range.indexOf('=');
        // §14.1: the range unit is case-insensitive; units other than bytes are not supported here, and ignored.
        if (equals < 0 || !range.substring(0, equals).trim().equalsIgnoreCase("bytes")) {
            return WHOLE;
        }
        List<Span> satisfiable = new ArrayList<>();
        boolean nothingAtAll = false;
        int specs = 0;
        for (String element : range.substring(equals + 1).split(",", -1)) {
            String spec = element.trim();
            if (spec.isEmpty()) {
                continue; // §5.6.1: empty list elements are allowed and ignored
            }
            if (++specs > MAX_SPECS) {
                return WHOLE;
            }
            Span span = resolve(spec, length);
            if (span == INVALID) {
                return WHOLE;
            }
            nothingAtAll |= span == EMPTY;
            if (span != null && span != EMPTY) {
                satisfiable.add(span);
            }
        }
        if (specs == 0) {
            return WHOLE;
        }
        if (satisfiable.isEmpty()) {
            // §14.1.2: a zero-length representation satisfies only a suffix range, which is all of it: nothing.
            return nothingAtAll ? WHOLE : UNSATISFIABLE;
        }
        List<Span> parts = merged(satisfiable);
        return parts.size() > MAX_PARTS ? WHOLE : new Parts(parts);
    }

    /**
     * Where a Range begins in a representation of unknown length: its lowest first-pos, or 0 when it
     * asks only for a suffix (which counts from an end not known yet) or is not a valid byte range.
     */
    public static long firstAsked(String range) {
        if (range == null || !(of(range, Long.MAX_VALUE) instanceof Parts parts)) {
            return 0;
        }
        // Against an unbounded length a suffix range resolves to the far end, beyond any real first-pos.
        long first = parts.spans().get(0).first();
        return first >= Long.MAX_VALUE / 2 ? 0 : first;
    }

    private static final Span INVALID = new Span(-1, -1);
    private static final Span EMPTY = new Span(0, -1);

    /**
     * §14.1.1, §14.1.2: one range-spec as bytes of the representation; null when unsatisfiable, INVALID
     * when malformed, EMPTY for a suffix of a zero-length representation.
     */
    private static Span resolve(String spec, long length) {
        int dash = spec.indexOf('-');
        if (dash < 0 || dash != spec.lastIndexOf('-')) {
            return INVALID;
        }
        String first = spec.substring(0, dash).trim();
        String last = spec.substring(dash + 1).trim();
        if (first.isEmpty()) {
            long suffix = digits(last);
            if (suffix < 0) {
                return INVALID;
            }
            if (suffix == 0) {
                return null;
            }
            if (length == 0) {
                return EMPTY;
            }
            return new Span(Math.max(0, length - suffix), length - 1);
        }
        long from = digits(first);
        long to = last.isEmpty() ? Long.MAX_VALUE : digits(last);
        if (from < 0 || to < 0 || to < from) {
            return INVALID;
        }
        if (from >= length) {
            return null;
        }
        return new Span(from, Math.min(to, length - 1));
    }

    /** A non-negative decimal, saturating at Long.MAX_VALUE (a huge last-pos means "to the end"); -1 when not digits. */
    private static long digits(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
        }
        return value;
    }

    /** §14.6: overlapping ranges, and ranges separated by less than one part's overhead, become one. */
    private static List<Span> merged(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingLong(Span::first));
        List<Span> merged = new ArrayList<>();
        Span current = sorted.get(0);
        for (int i = 1; i < sorted.size(); i++) {
            Span next = sorted.get(i);
            if (next.first() <= current.last() + MERGE_GAP) {
                current = new Span(current.first(), Math.max(current.last(), next.last()));
            } else {
                merged.add(current);
                current = next;
            }
        }
        merged.add(current);
        return merged;
    }
}
