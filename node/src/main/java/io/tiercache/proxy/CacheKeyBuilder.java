package io.tiercache.proxy;

import io.netty.util.AsciiString;
import io.tiercache.config.CacheKeyTemplate;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;

/**
 * Applies a route's cache-key template (like nginx proxy_cache_key) to a request, and adds the
 * override headers the route forwards to the origin: what the origin is told must be in the key.
 */
final class CacheKeyBuilder {

    private final List<CacheKeyTemplate.Part> parts;
    private final boolean isDefault;
    private final List<AsciiString> forwarded;

    /** @param forwarded the stripped override headers the route forwards, appended when a request carries them */
    CacheKeyBuilder(CacheKeyTemplate template, List<String> forwarded) {
        this.parts = template.parts();
        this.isDefault = template.isDefault();
        this.forwarded = forwarded.stream().map(AsciiString::cached).toList();
    }

    /** @param url the target's {@link RequestTarget#url()}, which the caller has built already */
    /** Whether keys are the request's URL alone. */
    boolean isPlainUrl() {
        return isDefault && forwarded.isEmpty();
    }

    String build(RequestTarget target, String url, HttpServerRequest request) {
        String key = isDefault ? url : fromTemplate(target, request);
        return forwarded.isEmpty() ? key : withForwarded(key, request.headers());
    }

    private String fromTemplate(RequestTarget target, HttpServerRequest request) {
        StringBuilder key = new StringBuilder(64);
        RequestCookies cookies = null;
        for (CacheKeyTemplate.Part part : parts) {
            if (part instanceof CacheKeyTemplate.Literal literal) {
                key.append(literal.text());
            } else if (part instanceof CacheKeyTemplate.Variable variable) {
                switch (variable.name()) {
                    case SCHEME -> key.append(target.scheme());
                    case HOST -> key.append(target.host());
                    case PATH -> key.append(target.path());
                    case QUERY -> {
                        if (target.query() != null) {
                            key.append('?').append(target.query());
                        }
                    }
                }
            } else if (part instanceof CacheKeyTemplate.RequestHeader header) {
                appendAll(key, request.headers(), header.name());
            } else if (part instanceof CacheKeyTemplate.RequestCookie cookie) {
                if (cookies == null) {
                    cookies = RequestCookies.of(request.headers());
                }
                key.append(cookies.values(cookie.name()));
            }
        }
        return key.toString();
    }

    /** Each forwarded header the request carries, after a space, which neither a path nor a query holds. */
    private String withForwarded(String key, MultiMap headers) {
        StringBuilder withHeaders = null;
        for (AsciiString name : forwarded) {
            if (headers.contains(name)) {
                withHeaders = withHeaders == null ? new StringBuilder(key) : withHeaders;
                withHeaders.append(' ').append(name).append(": ");
                appendAll(withHeaders, headers, name);
            }
        }
        return withHeaders == null ? key : withHeaders.toString();
    }

    /**
     * All lines of the field, combined as RFC 9110 §5.3 allows: an origin that reads the second line
     * must not be keyed on the first alone.
     */
    private static void appendAll(StringBuilder key, MultiMap headers, CharSequence name) {
        List<String> lines = headers.getAll(name);
        for (int i = 0; i < lines.size(); i++) {
            key.append(i == 0 ? "" : ", ").append(lines.get(i));
        }
    }
}
