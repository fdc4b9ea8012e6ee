package io.tiercache.client;

/** 400: the node rejected the request's content; the reason names the field. */
public class BadRequestException extends TierCacheException {

    public BadRequestException(String reason) {
        super(400, reason, null);
    }
}
