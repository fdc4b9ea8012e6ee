package io.tiercache.client;

/**
 * A call to the admin API that did not succeed. Subclasses name the common causes; this class
 * itself stands for any other answer (404 from a wrong admin URL, 413, ...).
 *
 * <p>Unchecked, because a failed purge is rarely handled where it is called: backends let it
 * reach their error handling or retry queue, and a checked exception would add a catch to every
 * call site that cannot do anything better.
 */
public class TierCacheException extends RuntimeException {

    private final int status;
    private final String reason;

    /**
     * @param status the HTTP status, or 0 when no answer came
     * @param reason the node's "error" text, or what went wrong on the way
     */
    public TierCacheException(int status, String reason, Throwable cause) {
        super(status == 0 ? reason : status + " " + reason, cause);
        this.status = status;
        this.reason = reason;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    /** The node's reason (its "error" field), without the status. */
    public String reason() {
        return reason;
    }

    /** The exception that stands for an answer with this status and reason. */
    static TierCacheException of(int status, String reason) {
        return switch (status) {
            case 400 -> new BadRequestException(reason);
            case 401 -> new UnauthorizedException(reason);
            case 403 -> new ForbiddenException(reason);
            default -> status >= 500 ? new ServerException(status, reason) : new TierCacheException(status, reason, null);
        };
    }
}
