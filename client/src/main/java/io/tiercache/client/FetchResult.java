package io.tiercache.client;

/**
 * One URL the node fetched through its own proxy, for a warm-up or a revalidation.
 *
 * @param url         the absolute URL
 * @param status      the HTTP status the proxy answered, or 0 when the fetch failed
 * @param cacheStatus the proxy's X-Cache-Status (MISS, HIT, REVALIDATED, ...), or null
 * @param stored      whether the response is in the cache afterwards
 * @param error       why the fetch failed, or null
 */
public record FetchResult(String url, int status, String cacheStatus, boolean stored, String error) {

    public boolean failed() {
        return error != null;
    }
}
