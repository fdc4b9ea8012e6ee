package io.tiercache.policy;

/**
 * The conditional fields a cache sends to revalidate a stored response (RFC 9111 §4.3.1): its
 * entity-tag in If-None-Match, and its Last-Modified in If-Modified-Since.
 *
 * @param ifNoneMatch     the stored ETag, or null
 * @param ifModifiedSince the stored Last-Modified, or null
 */
public record Validators(String ifNoneMatch, String ifModifiedSince) {

    public static final Validators NONE = new Validators(null, null);

    public static Validators of(HeaderFields stored) {
        String etag = stored.first("ETag");
        String lastModified = stored.first("Last-Modified");
        return etag == null && lastModified == null ? NONE : new Validators(etag, lastModified);
    }

    /** Whether a revalidation can be conditional, so that a 304 can spare the body. */
    public boolean any() {
        return ifNoneMatch != null || ifModifiedSince != null;
    }
}
