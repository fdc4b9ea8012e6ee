package io.tiercache.bench;

import io.tiercache.policy.HeaderList;
import io.tiercache.store.CacheLocation;
import io.tiercache.store.CachedResponse;

import java.util.Arrays;

/**
 * The stored response the benchmarks work on: what benchmarks/origin.py serves for /obj/1k, as
 * the node would have stored it. Kept in one place so that every benchmark measures the same hit.
 */
public final class HitFixtures {

    public static final String HOST = "127.0.0.1:18001";
    public static final String PATH = "/obj/1k";

    private HitFixtures() {
    }

    public static CacheLocation location() {
        String url = "http://" + HOST + PATH;
        return new CacheLocation(url, url, HOST, PATH, PATH);
    }

    /** A fresh 200 with an hour of freshness, stored {@code ageMillis} before {@code now}. */
    public static CachedResponse response(int bodyBytes, long now, long ageMillis) {
        byte[] body = new byte[bodyBytes];
        Arrays.fill(body, (byte) 'x');
        HeaderList headers = HeaderList.of(
                "Content-Type", "application/octet-stream",
                "Content-Length", Integer.toString(bodyBytes),
                "Cache-Control", "public, max-age=3600",
                "ETag", "\"obj-1k-v1\"",
                "Last-Modified", "Mon, 03 Nov 2025 10:00:00 GMT",
                "Date", "Sat, 22 Nov 2025 10:00:00 GMT");
        long received = now - ageMillis;
        return new CachedResponse(location(), "", 200, headers, body, new String[0],
                new CachedResponse.Timing(received - 1, received, 0),
                new CachedResponse.Freshness(3_600_000, 0, 0, false, false, "max-age"),
                0, -1, "bench-node");
    }
}
