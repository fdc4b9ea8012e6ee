package io.tiercache.admin;

import io.vertx.core.http.HttpServerRequest;

import java.net.URI;
import java.util.Locale;

/**
 * Refuses a state-changing admin request that a page of another site made a browser send
 * (cross-site request forgery). Browsers say where a request comes from (Sec-Fetch-Site, Origin):
 * one from another origin is refused. For browsers too old to say so, the credentials decide: an
 * Authorization header cannot be added to a cross-site request without the listener's consent (a
 * CORS preflight, which it never grants), but the token as the body's "secret" and an address on
 * purge-allow can; such requests must then be sent as {@code Content-Type: application/json},
 * which a cross-site form or no-cors fetch cannot send either.
 */
final class CrossSiteGuard {

    /** Why a request is refused: the status and the short reason sent with it. */
    record Refusal(int status, String reason) {
    }

    private CrossSiteGuard() {
    }

    /** The refusal, or null when the request may go on to its credentials check. */
    static Refusal check(HttpServerRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        // Fetch Metadata: "none" is the user's own action (typed URL, bookmark), "same-origin" this page's.
        if (fetchSite != null && !fetchSite.equalsIgnoreCase("same-origin") && !fetchSite.equalsIgnoreCase("none")) {
            return new Refusal(403, "cross-site request refused (Sec-Fetch-Site: " + fetchSite + ")");
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !sameOrigin(origin, request.getHeader("Host"))) {
            return new Refusal(403, "cross-site request refused (Origin: " + origin + ")");
        }
        if (request.getHeader("Authorization") == null && formLike(request.getHeader("Content-Type"))) {
            return new Refusal(415, "without an Authorization header, send the body as Content-Type: application/json");
        }
        return null;
    }

    /** RFC 6454: the origin a browser names must be this listener, as the Host header names it. */
    private static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin.trim());
            if (uri.getScheme() == null || uri.getRawAuthority() == null) {
                return false;
            }
            return withoutDefaultPort(uri.getRawAuthority(), uri.getScheme()).equals(withoutDefaultPort(host, uri.getScheme()));
        } catch (IllegalArgumentException opaque) {
            return false;
        }
    }

    private static String withoutDefaultPort(String authority, String scheme) {
        String lower = authority.trim().toLowerCase(Locale.ROOT);
        String defaultPort = scheme.equalsIgnoreCase("https") ? ":443" : ":80";
        return lower.endsWith(defaultPort) ? lower.substring(0, lower.length() - defaultPort.length()) : lower;
    }

    /** The content types a page may send to another site without a preflight (the Fetch standard's CORS-safelisted ones). */
    private static boolean formLike(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/x-www-form-urlencoded") || type.equals("multipart/form-data")
                || type.equals("text/plain");
    }
}
