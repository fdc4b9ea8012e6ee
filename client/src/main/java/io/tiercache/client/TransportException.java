package io.tiercache.client;

/** No answer: the connection was refused or reset, or the node did not answer within the timeout. */
public class TransportException extends TierCacheException {

    public TransportException(String reason, Throwable cause) {
        super(0, reason, cause);
    }
}
