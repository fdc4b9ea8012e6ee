package io.tiercache.policy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** Invalidation of stored responses by unsafe requests (RFC 9111 §4.4). */
public final class Invalidation {

    /** RFC 9110 §9.2.1 safe methods, plus the safe WebDAV reads. Anything else counts as unsafe. */
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "REPORT", "SEARCH");

    private Invalidation() {
    }

    public static boolean isSafe(String method) {
        return SAFE.contains(method);
    }

    /**
     * The URIs whose stored responses must be invalidated: the target URI, and the Location and
     * Content-Location URIs when they share its origin (to stop one site invalidating another's
     * entries). Empty for safe methods and for error responses.
     */
    public static List<URI> targets(String method, int status, URI targetUri, HeaderFields response) {
        if (isSafe(method) || status < 200 || status >= 400) {
            return List.of();
        }
        List<URI> targets = new ArrayList<>(3);
        targets.add(targetUri);
        for (String field : new String[] {"Location", "Content-Location"}) {
            URI related = resolve(targetUri, response.first(field));
            if (related != null && sameOrigin(targetUri, related) && !targets.contains(related)) {
                targets.add(related);
            }
        }
        return targets;
    }

    private static URI resolve(URI base, String reference) {
        if (reference == null || reference.isBlank()) {
            return null;
        }
        try {
            return base.resolve(reference.trim()).normalize();
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && b.getScheme() != null
                && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && b.getHost() != null
                && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
                && Objects.equals(port(a), port(b));
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
