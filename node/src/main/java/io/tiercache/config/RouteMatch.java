package io.tiercache.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which request paths a route applies to. Every condition given must hold; a match with none
 * matches every path.
 *
 * @param prefix     the path must start with this, or {@code null}
 * @param regex      the pattern must be found somewhere in the path, or {@code null}
 * @param extensions the path's extension must be one of these (lower case, no dot); empty for any
 */
public record RouteMatch(String prefix, Pattern regex, Set<String> extensions) {
    private static final RouteMatch EVERYTHING = new RouteMatch(null, null, Set.of());

    public RouteMatch {
        extensions = Set.copyOf(extensions);
    }

    public static RouteMatch everything() {
        return EVERYTHING;
    }

    /**
     * Whether the path (without query) matches. The extension is the text after the last dot of the
     * last path segment, compared ignoring case.
     */
    public boolean matches(String path) {
        if (prefix != null && !path.startsWith(prefix)) {
            return false;
        }
        if (regex != null && !regex.matcher(path).find()) {
            return false;
        }
        return extensions.isEmpty() || extensions.contains(extensionOf(path));
    }

    private static String extensionOf(String path) {
        String segment = path.substring(path.lastIndexOf('/') + 1);
        int dot = segment.lastIndexOf('.');
        return dot < 0 ? "" : segment.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Compares the regex by its text, as {@link Pattern} itself only has identity equality. */
    @Override
    public boolean equals(Object other) {
        return other instanceof RouteMatch match && Objects.equals(prefix, match.prefix)
                && Objects.equals(regexText(), match.regexText()) && extensions.equals(match.extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(prefix, regexText(), extensions);
    }

    private String regexText() {
        return regex == null ? null : regex.pattern();
    }
}
