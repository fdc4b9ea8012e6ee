package io.tiercache.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A request path in the one form that routes, bypass rules, cache keys, purges and the origin all
 * see, so that no spelling of a path can be routed or keyed as one resource and served as another.
 *
 * <p>RFC 3986 §6.2.2: percent-encoded unreserved characters are decoded ({@code /%61pi} is
 * {@code /api}), the remaining percent-encodings get upper-case hex digits, dot segments are removed
 * (§5.2.4), and empty segments are collapsed ({@code //api} is {@code /api}, as nginx's
 * {@code merge_slashes} does). Characters a path may not hold raw are percent-encoded.
 * {@code %2F} stays encoded: it is not the same path to every origin.
 *
 * @param path    the normalised path, sent to the origin and used in cache keys and purges
 * @param slashed {@link #path} with {@code %2F} read as {@code /} and normalised again: the path as
 *                an origin that decodes {@code %2F} resolves it, which routes match by default;
 *                the same String as {@code path} when there is no {@code %2F}
 */
public record NormalisedPath(String path, String slashed) {

    /** A path that has no safe normal form; the message is the short reason sent with a 400. */
    public static final class Invalid extends IllegalArgumentException {
        public Invalid(String message) {
            super(message);
        }

        /** Bad input, not a bug: no stack trace to fill. */
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private static final String HEX = "0123456789ABCDEF";
    private static final String ENCODED_SLASH = "%2F";

    /**
     * @param raw the path as the request line gave it (starting with "/", without the query)
     * @throws Invalid when it holds a control character (raw or percent-encoded), a malformed
     *                 percent-encoding, or dot segments that climb above the root (nginx answers
     *                 400 there too, rather than clamping as §5.2.4 would)
     */
    public static NormalisedPath of(String raw) {
        String path = isNormal(raw) ? raw : segments(encoded(raw));
        String slashed = path.contains(ENCODED_SLASH) ? segments(path.replace(ENCODED_SLASH, "/")) : path;
        return new NormalisedPath(path, slashed);
    }

    /**
     * The common case, checked without allocating: only characters a path may hold raw, no
     * percent sign, and no segment that is empty or starts with a dot.
     */
    private static boolean isNormal(String raw) {
        if (raw.isEmpty() || raw.charAt(0) != '/') {
            return false;
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '/') {
                if (i + 1 < raw.length() && (raw.charAt(i + 1) == '/' || raw.charAt(i + 1) == '.')) {
                    return false;
                }
            } else if (c == '%' || !isPathChar(c)) {
                return false;
            }
        }
        return true;
    }

    /** §6.2.2.1 and §6.2.2.2: one spelling per character. */
    private static String encoded(String raw) {
        if (raw.isEmpty() || raw.charAt(0) != '/') {
            throw new Invalid("the path does not start with '/'");
        }
        StringBuilder out = new StringBuilder(raw.length() + 8);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || hexValue(raw.charAt(i + 1)) < 0 || hexValue(raw.charAt(i + 2)) < 0) {
                    throw new Invalid("malformed percent-encoding in the path");
                }
                int octet = hexValue(raw.charAt(i + 1)) * 16 + hexValue(raw.charAt(i + 2));
                i += 2;
                if (isControl(octet)) {
                    throw new Invalid("control character in the path");
                }
                if (isUnreserved((char) octet)) {
                    out.append((char) octet);
                } else {
                    appendEncoded(out, octet);
                }
            } else if (isControl(c)) {
                throw new Invalid("control character in the path");
            } else if (c > 0xFF) {
                // The HTTP/1.1 decoder reads the request line as bytes, one char each: this never came off the wire.
                throw new Invalid("character outside the request line's byte range in the path");
            } else if (c == '/' || isPathChar(c)) {
                out.append(c);
            } else {
                appendEncoded(out, c);
            }
        }
        return out.toString();
    }

    /** §5.2.4 remove_dot_segments, with empty segments dropped too; the path starts with "/". */
    private static String segments(String path) {
        String[] parts = path.substring(1).split("/", -1);
        List<String> kept = new ArrayList<>(parts.length);
        for (String part : parts) {
            if (part.equals("..")) {
                if (kept.isEmpty()) {
                    throw new Invalid("the path climbs above the root");
                }
                kept.remove(kept.size() - 1);
            } else if (!part.isEmpty() && !part.equals(".")) {
                kept.add(part);
            }
        }
        String last = parts[parts.length - 1];
        boolean directory = last.isEmpty() || last.equals(".") || last.equals("..");
        StringBuilder out = new StringBuilder(path.length());
        for (String part : kept) {
            out.append('/').append(part);
        }
        if (kept.isEmpty() || directory) {
            out.append('/');
        }
        return out.toString();
    }

    private static void appendEncoded(StringBuilder out, int octet) {
        out.append('%').append(HEX.charAt(octet >> 4)).append(HEX.charAt(octet & 0xF));
    }

    private static int hexValue(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80 ? Character.digit(c, 16) : -1;
    }

    private static boolean isControl(int c) {
        return c < 0x20 || c == 0x7F;
    }

    /** §2.3 unreserved. */
    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** §3.3 pchar without pct-encoded: unreserved, sub-delims, ":" and "@". */
    private static boolean isPathChar(char c) {
        return isUnreserved(c) || "!$&'()*+,;=:@".indexOf(c) >= 0;
    }
}
