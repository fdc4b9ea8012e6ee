package io.tiercache.proxy;

import io.tiercache.config.CacheKeyTemplate;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;

/** Applies a route's cache-key template (like nginx proxy_cache_key) to a request. */
final class CacheKeyBuilder {

    private final List<CacheKeyTemplate.Part> parts;
    private final boolean isDefault;

    CacheKeyBuilder(CacheKeyTemplate template) {
        this.parts = template.parts();
        this.isDefault = template.isDefault();
    }

    /** @param url the target's {@link RequestTarget#url()}, which the caller has built already */
    String build(RequestTarget target, String url, HttpServerRequest request) {
        if (isDefault) {
            return url;
        }
        StringBuilder key = new StringBuilder(64);
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
                String value = request.headers().get(header.name());
                key.append(value == null ? "" : value);
            } else if (part instanceof CacheKeyTemplate.RequestCookie cookie) {
                Cookie value = request.getCookie(cookie.name());
                key.append(value == null ? "" : value.getValue());
            }
        }
        return key.toString();
    }
}
