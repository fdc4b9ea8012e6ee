package io.tiercache.store;

import java.util.Objects;

/**
 * Where a stored entry belongs: its primary cache key and the parts of its URL that purges match.
 *
 * @param primaryKey the route's key template applied to the request (default scheme://host/path?query)
 * @param url        scheme://host[:port]/path[?query], normalised
 * @param host       host[:port] in lower case
 * @param path       the path without query
 * @param pathQuery  the path with its query, as purge-by-URL matches it on every host
 */
public record CacheLocation(String primaryKey, String url, String host, String path, String pathQuery) {

    public CacheLocation {
        Objects.requireNonNull(primaryKey, "primaryKey");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(pathQuery, "pathQuery");
    }

    /** The map key of one variant: the primary key alone when the response does not vary. */
    public String storageKey(String variantKey) {
        return variantKey.isEmpty() ? primaryKey : primaryKey + VARIANT_SEPARATOR + variantKey;
    }

    /** Cannot occur in a key built from a request line and header values. */
    static final char VARIANT_SEPARATOR = '\u001e';
    /** Between a variant key and a slice index; cannot occur in a key built from a request either. */
    static final char SLICE_SEPARATOR = '\u001d';

    long estimatedBytes() {
        return 48L + 2L * (primaryKey.length() + url.length() + host.length() + path.length() + pathQuery.length());
    }
}
