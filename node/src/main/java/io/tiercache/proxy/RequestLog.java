package io.tiercache.proxy;

/** Told about every finished request: the access log and the metrics listen here. */
public interface RequestLog {

    /**
     * One finished request.
     *
     * @param startedAtMillis when it arrived; filled only when some listener is {@link #detailed()}, else 0
     * @param client        the client's address; filled only when some listener is {@link #detailed()}, else null
     * @param cacheStatus   the RFC 9211 Cache-Status entry sent; filled only when some listener is
     *                      {@link #detailed()}, else null
     * @param totalMicros   from the request's arrival to the response's end
     * @param originMicros  time spent waiting for the origin's response head, or -1 when not forwarded
     */
    record Entry(long startedAtMillis, String client, String method, String uri, int status, CacheOutcome outcome,
                 String route, long bytes, long totalMicros, long originMicros, String cacheStatus, boolean collapsed) {
    }

    void completed(Entry entry);

    /**
     * Whether this listener reads an entry's arrival time, client and Cache-Status now. Asked for
     * every request, so a log level changed at run time takes effect at once; when no listener
     * wants them, a hit does not pay for rendering them.
     */
    default boolean detailed() {
        return false;
    }

    RequestLog NONE = entry -> {
    };

    /** Tells every one of {@code logs}, in order. */
    static RequestLog all(RequestLog... logs) {
        return new RequestLog() {
            @Override
            public void completed(Entry entry) {
                for (RequestLog log : logs) {
                    log.completed(entry);
                }
            }

            @Override
            public boolean detailed() {
                for (RequestLog log : logs) {
                    if (log.detailed()) {
                        return true;
                    }
                }
                return false;
            }
        };
    }
}
