package io.tiercache.client;

/** 5xx: the node could not do it, usually because the cluster failed; retrying later may work. */
public class ServerException extends TierCacheException {

    public ServerException(int status, String reason) {
        super(status, reason, null);
    }
}
