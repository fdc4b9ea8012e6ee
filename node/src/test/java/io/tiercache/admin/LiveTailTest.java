package io.tiercache.admin;

import io.tiercache.proxy.CacheOutcome;
import io.tiercache.proxy.RequestLog;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LiveTailTest {

    private static final LiveTail.Filter ALL = LiveTail.Filter.of(new JsonObject());

    @Test
    void unwatchedItAsksForNoDetailsAndKeepsNothing() {
        LiveTail tail = new LiveTail();

        tail.completed(entry("/a", CacheOutcome.HIT));

        assertThat(tail.detailed()).isFalse();
        assertThat(tail.since(-1, ALL, "n").getJsonArray("lines")).isEmpty();
    }

    @Test
    void watchedItKeepsEntriesInOrderAndReadsOnFromTheCursor() {
        LiveTail tail = new LiveTail();
        tail.watch(0);
        tail.completed(entry("/a", CacheOutcome.MISS));
        tail.completed(entry("/b", CacheOutcome.HIT));

        JsonObject first = tail.since(-1, ALL, "node-1");
        tail.completed(entry("/c", CacheOutcome.HIT));
        JsonObject second = tail.since(first.getLong("next"), ALL, "node-1");

        assertThat(tail.detailed()).isTrue();
        assertThat(first.getJsonArray("lines").stream().map(line -> ((JsonObject) line).getString("url"))).containsExactly("/a", "/b");
        assertThat(first.getJsonArray("lines").getJsonObject(0).getString("node")).isEqualTo("node-1");
        assertThat(second.getJsonArray("lines").stream().map(line -> ((JsonObject) line).getString("url"))).containsExactly("/c");
    }

    @Test
    void filtersMatchCacheStatusHttpStatusRouteAndUrl() {
        LiveTail tail = new LiveTail();
        tail.watch(0);
        tail.completed(entry("/blog/one", CacheOutcome.HIT));
        tail.completed(entry("/blog/two", CacheOutcome.MISS));
        tail.completed(entry("/shop/one", CacheOutcome.MISS));

        JsonObject misses = tail.since(-1, LiveTail.Filter.of(new JsonObject().put("cache", "miss").put("q", "BLOG")
                .put("status", "2").put("route", "pag")), "n");

        assertThat(misses.getJsonArray("lines").stream().map(line -> ((JsonObject) line).getString("url")))
                .containsExactly("/blog/two");
    }

    @Test
    void aReaderGetsTheNewestLinesAndHowManyItMissed() {
        LiveTail tail = new LiveTail();
        tail.watch(0);
        for (int i = 0; i < LiveTail.CAPACITY + 10; i++) {
            tail.completed(entry("/p" + i, CacheOutcome.HIT));
        }

        JsonObject read = tail.since(0, ALL, "n");

        assertThat(read.getJsonArray("lines")).hasSize(LiveTail.MAX_LINES);
        assertThat(read.getJsonArray("lines").getJsonObject(LiveTail.MAX_LINES - 1).getString("url"))
                .isEqualTo("/p" + (LiveTail.CAPACITY + 9));
        assertThat(read.getLong("skipped")).isEqualTo(LiveTail.CAPACITY + 10 - LiveTail.MAX_LINES);
    }

    @Test
    void itStopsAndLetsGoOnceNobodyReads() {
        LiveTail tail = new LiveTail();
        tail.watch(1_000);
        tail.completed(entry("/a", CacheOutcome.HIT));

        tail.expire(1_000 + LiveTail.WATCH_MILLIS + 1);
        tail.completed(entry("/b", CacheOutcome.HIT));

        assertThat(tail.detailed()).isFalse();
        assertThat(tail.since(-1, ALL, "n").getJsonArray("lines")).isEmpty();
    }

    private static RequestLog.Entry entry(String uri, CacheOutcome outcome) {
        return new RequestLog.Entry(1_000, "127.0.0.1", "GET", uri, 200, outcome, "pages", 10, 500, -1,
                "tiercache; hit", false);
    }
}
