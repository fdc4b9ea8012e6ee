package io.tiercache.policy;

import java.util.List;
import java.util.Locale;

/**
 * Parsed Cache-Control directives of a request or a response (RFC 9111 §5.2, RFC 5861).
 * Seconds fields hold -1 when the directive is absent.
 *
 * <p>Parsing is lenient where the RFC asks for it: quoted values are accepted (§5.2), the first
 * occurrence of a repeated directive wins (§4.2.1), an invalid max-age or s-maxage makes the
 * response stale (§4.2.1: "consider responses that have invalid freshness information to be
 * stale"), and values beyond 2^31 are capped (§1.2.2). The qualified forms of no-cache and
 * private ({@code private="Set-Cookie"}) are treated as their unqualified forms, which is the
 * conservative reading a shared cache may take.
 */
public record CacheControl(
        long maxAge,
        long sMaxAge,
        long maxStale,
        long minFresh,
        long staleWhileRevalidate,
        long staleIfError,
        boolean noCache,
        boolean noStore,
        boolean isPrivate,
        boolean isPublic,
        boolean mustRevalidate,
        boolean proxyRevalidate,
        boolean onlyIfCached,
        boolean immutable,
        boolean mustUnderstand,
        boolean noTransform) {

    /** RFC 9111 §1.2.2: the value a cache uses for a delta-seconds too large to represent. */
    public static final long DELTA_SECONDS_CAP = 2147483648L;

    /** max-stale without a value: the client accepts a stale response of any age (§5.2.1.2). */
    public static final long ANY_STALENESS = Long.MAX_VALUE;

    public static final CacheControl NONE =
            new CacheControl(-1, -1, -1, -1, -1, -1, false, false, false, false, false, false, false, false, false, false);

    public static CacheControl of(HeaderFields headers) {
        List<String> lines = headers.all("Cache-Control");
        return lines.isEmpty() ? NONE : parse(lines);
    }

    public static CacheControl parse(String value) {
        return parse(List.of(value));
    }

    public static CacheControl parse(List<String> lines) {
        Parser parser = new Parser();
        for (String line : lines) {
            parser.parseLine(line);
        }
        return parser.result();
    }

    public boolean hasMaxAge() {
        return maxAge >= 0;
    }

    public boolean hasSMaxAge() {
        return sMaxAge >= 0;
    }

    private static final class Parser {
        long maxAge = -1;
        long sMaxAge = -1;
        long maxStale = -1;
        long minFresh = -1;
        long staleWhileRevalidate = -1;
        long staleIfError = -1;
        boolean noCache;
        boolean noStore;
        boolean isPrivate;
        boolean isPublic;
        boolean mustRevalidate;
        boolean proxyRevalidate;
        boolean onlyIfCached;
        boolean immutable;
        boolean mustUnderstand;
        boolean noTransform;

        void parseLine(String line) {
            int pos = 0;
            int length = line.length();
            while (pos < length) {
                pos = skipSeparators(line, pos);
                if (pos >= length) {
                    return;
                }
                int nameStart = pos;
                while (pos < length && line.charAt(pos) != '=' && line.charAt(pos) != ',') {
                    pos++;
                }
                String name = line.substring(nameStart, pos).trim().toLowerCase(Locale.ROOT);
                String value = null;
                if (pos < length && line.charAt(pos) == '=') {
                    pos++;
                    pos = skipSpaces(line, pos);
                    if (pos < length && line.charAt(pos) == '"') {
                        StringBuilder quoted = new StringBuilder();
                        pos++;
                        while (pos < length && line.charAt(pos) != '"') {
                            char c = line.charAt(pos);
                            if (c == '\\' && pos + 1 < length) {
                                pos++;
                                c = line.charAt(pos);
                            }
                            quoted.append(c);
                            pos++;
                        }
                        pos++;
                        value = quoted.toString();
                        while (pos < length && line.charAt(pos) != ',') {
                            pos++;
                        }
                    } else {
                        int valueStart = pos;
                        while (pos < length && line.charAt(pos) != ',') {
                            pos++;
                        }
                        value = line.substring(valueStart, pos).trim();
                    }
                }
                apply(name, value);
            }
        }

        private void apply(String name, String value) {
            switch (name) {
                case "max-age" -> maxAge = firstFreshness(maxAge, value);
                case "s-maxage" -> sMaxAge = firstFreshness(sMaxAge, value);
                case "max-stale" -> {
                    if (maxStale < 0) {
                        maxStale = value == null ? ANY_STALENESS : deltaSeconds(value);
                    }
                }
                case "min-fresh" -> minFresh = first(minFresh, value);
                case "stale-while-revalidate" -> staleWhileRevalidate = first(staleWhileRevalidate, value);
                case "stale-if-error" -> staleIfError = first(staleIfError, value);
                case "no-cache" -> noCache = true;
                case "no-store" -> noStore = true;
                case "private" -> isPrivate = true;
                case "public" -> isPublic = true;
                case "must-revalidate" -> mustRevalidate = true;
                case "proxy-revalidate" -> proxyRevalidate = true;
                case "only-if-cached" -> onlyIfCached = true;
                case "immutable" -> immutable = true;
                case "must-understand" -> mustUnderstand = true;
                case "no-transform" -> noTransform = true;
                default -> {
                    // RFC 9111 §5.2.3: unrecognized directives are ignored.
                }
            }
        }

        /** An invalid freshness value counts as 0, so that the response is stale (§4.2.1). */
        private static long firstFreshness(long current, String value) {
            if (current >= 0) {
                return current;
            }
            long parsed = deltaSeconds(value);
            return parsed < 0 ? 0 : parsed;
        }

        /** An invalid value for other directives is ignored, leaving the directive absent. */
        private static long first(long current, String value) {
            return current >= 0 ? current : deltaSeconds(value);
        }

        CacheControl result() {
            return new CacheControl(maxAge, sMaxAge, maxStale, minFresh, staleWhileRevalidate, staleIfError,
                    noCache, noStore, isPrivate, isPublic, mustRevalidate, proxyRevalidate, onlyIfCached, immutable,
                    mustUnderstand, noTransform);
        }
    }

    /** RFC 9111 §1.2.2 delta-seconds: 1*DIGIT, capped at 2^31; -1 when not a valid value. */
    static long deltaSeconds(String value) {
        if (value == null || value.isEmpty()) {
            return -1;
        }
        long result = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            result = result * 10 + (c - '0');
            if (result >= DELTA_SECONDS_CAP) {
                result = DELTA_SECONDS_CAP;
                for (int j = i + 1; j < value.length(); j++) {
                    if (value.charAt(j) < '0' || value.charAt(j) > '9') {
                        return -1;
                    }
                }
                return result;
            }
        }
        return result;
    }

    private static int skipSeparators(String line, int pos) {
        while (pos < line.length() && (line.charAt(pos) == ',' || line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
            pos++;
        }
        return pos;
    }

    private static int skipSpaces(String line, int pos) {
        while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
            pos++;
        }
        return pos;
    }
}
