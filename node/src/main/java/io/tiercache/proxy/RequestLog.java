package io.tiercache.proxy;

/** Told about every finished request: the access log and the metrics listen here. */
public interface RequestLog {

    /**
     * One finished request.
     *
     * @param cacheStatus   the RFC 9211 Cache-Status entry sent
     * @param totalMicros   from the request's arrival to the response's end
     * @param originMicros  time spent waiting for the origin's response head, or -1 when not forwarded
     */
    record Entry(long startedAtMillis, String client, String method, String uri, int status, CacheOutcome outcome,
                 String route, long bytes, long totalMicros, long originMicros, String cacheStatus, boolean collapsed) {
    }

    void completed(Entry entry);

    RequestLog NONE = entry -> {
    };

    /** Tells every one of {@code logs}, in order. */
    static RequestLog all(RequestLog... logs) {
        return entry -> {
            for (RequestLog log : logs) {
                log.completed(entry);
            }
        };
    }
}
