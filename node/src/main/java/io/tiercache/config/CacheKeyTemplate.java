package io.tiercache.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a route builds the cache key of a request: literal text and variables in braces.
 *
 * <ul>
 *   <li>{@code {scheme}}: {@code http} or {@code https}, as the client sent it</li>
 *   <li>{@code {host}}: the request's Host, including a port if the client gave one</li>
 *   <li>{@code {path}}: the request path, without the query</li>
 *   <li>{@code {query}}: {@code ?} followed by the query string, or nothing at all when the request
 *       has no query, so that {@code /a} and {@code /a?} share an entry</li>
 *   <li>{@code {header.NAME}}: the value of request header NAME (matched ignoring case), empty if absent</li>
 *   <li>{@code {cookie.NAME}}: the value of request cookie NAME, empty if absent</li>
 * </ul>
 *
 * A template must contain {@code {path}}; without it every URL of a host would share one entry.
 */
public final class CacheKeyTemplate {
    /** The default key: the full URL. */
    public static final String DEFAULT = "{scheme}://{host}{path}{query}";

    private static final String ALLOWED =
            "allowed: {scheme}, {host}, {path}, {query}, {header.NAME}, {cookie.NAME}";
    private static final CacheKeyTemplate DEFAULT_TEMPLATE = parse(DEFAULT);

    /** One piece of a key template. */
    public sealed interface Part permits Literal, Variable, RequestHeader, RequestCookie {
    }

    /** Text copied into the key as it is. */
    public record Literal(String text) implements Part {
    }

    /** A part of the request URL. */
    public record Variable(Name name) implements Part {
        public enum Name { SCHEME, HOST, PATH, QUERY }
    }

    /** The value of a request header; {@code name} is as written in the config. */
    public record RequestHeader(String name) implements Part {
    }

    /** The value of a request cookie. */
    public record RequestCookie(String name) implements Part {
    }

    private final String source;
    private final List<Part> parts;

    private CacheKeyTemplate(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /** The template used when a route gives no {@code key}. */
    public static CacheKeyTemplate defaultTemplate() {
        return DEFAULT_TEMPLATE;
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException with a one-line message naming the bad variable and the allowed ones
     */
    public static CacheKeyTemplate parse(String source) {
        if (source.isEmpty()) {
            throw new IllegalArgumentException("the key template is empty; " + ALLOWED);
        }
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '}') {
                throw new IllegalArgumentException("'" + source + "' has a '}' without '{' at position " + i);
            }
            if (c != '{') {
                literal.append(c);
                i++;
                continue;
            }
            int close = source.indexOf('}', i);
            int nextOpen = source.indexOf('{', i + 1);
            if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
                throw new IllegalArgumentException("'" + source + "' has an unclosed '{' at position " + i
                        + "; " + ALLOWED);
            }
            if (!literal.isEmpty()) {
                parts.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
            parts.add(variable(source, source.substring(i + 1, close)));
            i = close + 1;
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        if (!parts.contains(new Variable(Variable.Name.PATH))) {
            throw new IllegalArgumentException("'" + source
                    + "' has no {path}, so every URL of a host would share one cache entry");
        }
        return new CacheKeyTemplate(source, parts);
    }

    private static Part variable(String source, String inside) {
        if (inside.startsWith("header.")) {
            return new RequestHeader(namePart(source, inside, "header.", "header name"));
        }
        if (inside.startsWith("cookie.")) {
            return new RequestCookie(namePart(source, inside, "cookie.", "cookie name"));
        }
        for (Variable.Name name : Variable.Name.values()) {
            if (name.name().toLowerCase(Locale.ROOT).equals(inside)) {
                return new Variable(name);
            }
        }
        throw new IllegalArgumentException("'" + source + "' has unknown variable '{" + inside + "}'; " + ALLOWED);
    }

    private static String namePart(String source, String inside, String prefix, String what) {
        String name = inside.substring(prefix.length());
        if (!HttpToken.isValid(name)) {
            throw new IllegalArgumentException("'" + source + "' has '{" + inside + "}', whose '" + name
                    + "' is not a valid " + what + "; " + ALLOWED);
        }
        return name;
    }

    public List<Part> parts() {
        return parts;
    }

    /** Whether this template builds the same keys as {@link #DEFAULT}. */
    public boolean isDefault() {
        return parts.equals(DEFAULT_TEMPLATE.parts);
    }

    /** The template as written in the config. */
    public String source() {
        return source;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CacheKeyTemplate template && parts.equals(template.parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
