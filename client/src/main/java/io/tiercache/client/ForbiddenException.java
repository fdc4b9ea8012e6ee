package io.tiercache.client;

/** 403: the request carried a purge token (or webhook secret) that the node does not accept. */
public class ForbiddenException extends TierCacheException {

    public ForbiddenException(String reason) {
        super(403, reason, null);
    }
}
