package io.tiercache.config;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A route's {@code compress}: compressible responses that the origin sends uncoded are stored
 * compressed, once in each coding, so that each client gets the best it accepts (off unless set).
 *
 * @param codings  the codings stored, best first: {@code br}, {@code gzip}
 * @param types    the media types compressed (type/subtype, lower case, without parameters)
 * @param minBytes smaller bodies are stored as they came: the coding would cost more than it saves
 */
public record RouteCompression(List<Coding> codings, Set<String> types, long minBytes) {

    /** A coding the cache compresses with. */
    public enum Coding {
        BR("br"), GZIP("gzip");

        private final String configName;

        Coding(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }

    /** Text formats that compress well; images, video and archives are compressed already. */
    public static final Set<String> DEFAULT_TYPES = Set.of("text/html", "text/css", "text/plain", "text/xml",
            "text/javascript", "text/markdown", "text/csv", "application/javascript", "application/json",
            "application/ld+json", "application/manifest+json", "application/xml", "application/rss+xml",
            "application/atom+xml", "application/xhtml+xml", "application/wasm", "image/svg+xml",
            "image/x-icon", "font/ttf", "font/otf");

    public static final long DEFAULT_MIN_BYTES = 1024;

    public static final RouteCompression OFF = new RouteCompression(List.of(), Set.of(), 0);

    public RouteCompression {
        codings = List.copyOf(codings);
        types = Set.copyOf(types);
        Objects.requireNonNull(codings, "codings");
    }

    public boolean enabled() {
        return !codings.isEmpty();
    }
}
