package io.tiercache.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The media types a static file's extension stands for, for routes that store a response only when
 * its Content-Type matches the URL's extension: a page answered for {@code /account.php/x.css}
 * (web cache deception) is {@code text/html}, not {@code text/css}, and is not stored.
 */
public final class ExtensionMediaTypes {

    private static final Set<String> JAVASCRIPT = Set.of("text/javascript", "application/javascript",
            "application/x-javascript", "application/ecmascript", "text/ecmascript");

    private static final Map<String, Set<String>> TYPES = Map.ofEntries(
            Map.entry("css", Set.of("text/css")),
            Map.entry("js", JAVASCRIPT),
            Map.entry("mjs", JAVASCRIPT),
            Map.entry("json", Set.of("application/json")),
            Map.entry("map", Set.of("application/json")),
            Map.entry("png", Set.of("image/png")),
            Map.entry("jpg", Set.of("image/jpeg")),
            Map.entry("jpeg", Set.of("image/jpeg")),
            Map.entry("gif", Set.of("image/gif")),
            Map.entry("svg", Set.of("image/svg+xml")),
            Map.entry("webp", Set.of("image/webp")),
            Map.entry("avif", Set.of("image/avif")),
            Map.entry("ico", Set.of("image/x-icon", "image/vnd.microsoft.icon")),
            Map.entry("bmp", Set.of("image/bmp")),
            Map.entry("woff", Set.of("font/woff", "application/font-woff")),
            Map.entry("woff2", Set.of("font/woff2", "application/font-woff2")),
            Map.entry("ttf", Set.of("font/ttf", "font/sfnt", "application/x-font-ttf", "application/font-sfnt")),
            Map.entry("otf", Set.of("font/otf", "font/sfnt", "application/x-font-opentype")),
            Map.entry("eot", Set.of("application/vnd.ms-fontobject")),
            Map.entry("txt", Set.of("text/plain")),
            Map.entry("xml", Set.of("application/xml", "text/xml")),
            Map.entry("pdf", Set.of("application/pdf")),
            Map.entry("wasm", Set.of("application/wasm")),
            Map.entry("mp4", Set.of("video/mp4")),
            Map.entry("webm", Set.of("video/webm")),
            Map.entry("mp3", Set.of("audio/mpeg")),
            Map.entry("ogg", Set.of("audio/ogg", "video/ogg")),
            Map.entry("zip", Set.of("application/zip")),
            Map.entry("gz", Set.of("application/gzip", "application/x-gzip")));

    private ExtensionMediaTypes() {
    }

    /** Whether the table knows this extension (lower case, without the dot). */
    public static boolean knows(String extension) {
        return TYPES.containsKey(extension);
    }

    /** The extensions the table knows, sorted, for error messages. */
    public static String known() {
        return String.join(", ", new TreeSet<>(TYPES.keySet()));
    }

    /**
     * Whether a response with this Content-Type may be stored for a path: the media type (RFC 9110
     * §8.3.1, parameters ignored, case-insensitive) is one the path's extension stands for. A path
     * with an extension the table does not know, or a response without Content-Type, never matches.
     */
    public static boolean matches(String path, String contentType) {
        Set<String> allowed = TYPES.get(RouteMatch.extensionOf(path));
        if (allowed == null || contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String mediaType = (parameters < 0 ? contentType : contentType.substring(0, parameters))
                .trim().toLowerCase(Locale.ROOT);
        return allowed.contains(mediaType);
    }
}
