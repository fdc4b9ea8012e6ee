package io.tiercache.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which request paths a route applies to. Every condition given must hold; a match with none
 * matches every path. Paths are normalised (RFC 3986 §6.2.2) before they are matched.
 *
 * @param prefix           the path must start with this, or {@code null}
 * @param regex            the pattern must be found somewhere in the path, or {@code null}
 * @param extensions       the path's extension must be one of these (lower case, no dot); empty for any
 * @param keepEncodedSlash match the path with {@code %2F} as three characters, for an origin that
 *                         keeps {@code /a%2Fb} apart from {@code /a/b}; by default {@code %2F} counts
 *                         as {@code /}, as most frameworks decode it, so {@code /api%2Fme} is under
 *                         {@code /api/}
 */
public record RouteMatch(String prefix, Pattern regex, Set<String> extensions, boolean keepEncodedSlash) {
    private static final RouteMatch EVERYTHING = new RouteMatch(null, null, Set.of());

    public RouteMatch {
        extensions = Set.copyOf(extensions);
    }

    /** A match that reads {@code %2F} as {@code /}, the default. */
    public RouteMatch(String prefix, Pattern regex, Set<String> extensions) {
        this(prefix, regex, extensions, false);
    }

    public static RouteMatch everything() {
        return EVERYTHING;
    }

    /** Whether a normalised path without {@code %2F} matches; see {@link #matches(String, String)}. */
    public boolean matches(String path) {
        return matches(path, path);
    }

    /**
     * Whether the path (without query) matches. The extension is the text after the last dot of the
     * last path segment, compared ignoring case.
     *
     * @param path    the normalised path, {@code %2F} kept
     * @param slashed the same path with {@code %2F} read as {@code /} and normalised again
     */
    public boolean matches(String path, String slashed) {
        String subject = keepEncodedSlash ? path : slashed;
        if (prefix != null && !subject.startsWith(prefix)) {
            return false;
        }
        if (regex != null && !regex.matcher(subject).find()) {
            return false;
        }
        return extensions.isEmpty() || extensions.contains(extensionOf(subject));
    }

    /** The text after the last dot of the last segment, lower case; empty when there is none. */
    static String extensionOf(String path) {
        String segment = path.substring(path.lastIndexOf('/') + 1);
        int dot = segment.lastIndexOf('.');
        return dot < 0 ? "" : segment.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Compares the regex by its text, as {@link Pattern} itself only has identity equality. */
    @Override
    public boolean equals(Object other) {
        return other instanceof RouteMatch match && Objects.equals(prefix, match.prefix)
                && Objects.equals(regexText(), match.regexText()) && extensions.equals(match.extensions)
                && keepEncodedSlash == match.keepEncodedSlash;
    }

    @Override
    public int hashCode() {
        return Objects.hash(prefix, regexText(), extensions, keepEncodedSlash);
    }

    private String regexText() {
        return regex == null ? null : regex.pattern();
    }
}
