package io.tiercache.config;

import java.util.List;

/**
 * Request headers and cookies that mark a request as personal: a request carrying any of them skips
 * the cache entirely, neither reading nor writing it.
 */
public record Bypass(List<String> headers, List<String> cookies) {
    private static final Bypass DEFAULTS = new Bypass(List.of("Authorization"), List.of());

    public Bypass {
        headers = List.copyOf(headers);
        cookies = List.copyOf(cookies);
    }

    /** Bypass requests with an {@code Authorization} header, which RFC 9111 §3.5 treats as private. */
    public static Bypass defaults() {
        return DEFAULTS;
    }
}
