package io.tiercache.store;

import io.tiercache.policy.HeaderList;

/** Stored entries for the store's unit tests, located the way requests locate them. */
final class Responses {

    static final String HOST = "www.example.test";

    private Responses() {
    }

    /** Where a request for http://{host}{pathQuery} is stored under the default key template. */
    static CacheLocation location(String host, String pathQuery) {
        int query = pathQuery.indexOf('?');
        String path = query < 0 ? pathQuery : pathQuery.substring(0, query);
        String url = "http://" + host + pathQuery;
        return new CacheLocation(url, url, host, path, pathQuery);
    }

    /** A plain 200 at {@code pathQuery} on {@link #HOST}, fetched under {@code purgeEpoch}. */
    static CachedResponse response(String pathQuery, long purgeEpoch, String... tags) {
        return response(location(HOST, pathQuery), purgeEpoch, tags);
    }

    /** A 200 fresh for a minute from {@code now}: what a fill stores under this variant key. */
    static CachedResponse storedAt(CacheLocation location, String variantKey, long now, long purgeEpoch,
                                   String... tags) {
        return new CachedResponse(location, variantKey, 200, HeaderList.of("Content-Type", "text/plain"),
                new byte[] {'o', 'k'}, tags, new CachedResponse.Timing(now, now, 0),
                new CachedResponse.Freshness(60_000, 0, 0, false, false, "max-age"), 0, purgeEpoch, "node-1");
    }

    static CachedResponse response(CacheLocation location, long purgeEpoch, String... tags) {
        return new CachedResponse(location, "", 200, HeaderList.of("Content-Type", "text/plain"), new byte[] {'o', 'k'},
                tags, new CachedResponse.Timing(1_000, 1_100, 0),
                new CachedResponse.Freshness(60_000, 0, 0, false, false, "max-age"), 0, purgeEpoch, "node-1");
    }
}
