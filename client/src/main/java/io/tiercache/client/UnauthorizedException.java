package io.tiercache.client;

/** 401: the request carried no purge token and its address is not allowed to purge without one. */
public class UnauthorizedException extends TierCacheException {

    public UnauthorizedException(String reason) {
        super(401, reason, null);
    }
}
