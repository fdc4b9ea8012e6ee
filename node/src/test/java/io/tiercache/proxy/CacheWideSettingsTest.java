package io.tiercache.proxy;

import io.tiercache.policy.HttpDate;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static io.tiercache.testing.TestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

/** A node whose cache-wide settings differ from the defaults: its own target list, heuristics off. */
class CacheWideSettingsTest {

    private static final String YAML = """
            cache:
              targeted-fields: [Shop-Cache-Control]
              heuristic-freshness: false
            routes:
              - name: heuristic
                match: {prefix: /heuristic/}
                heuristic-freshness: true
            """;

    static TestOrigin origin;
    static TestNode node;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        node = TestNode.start(origin, YAML);
    }

    @AfterAll
    static void stop() {
        node.close();
        origin.close();
    }

    // RFC 9213 §2.2: a target list of one's own; fields off the list pass through and change nothing
    @Test
    void readsTheConfiguredTargetList() {
        origin.on("/list", Reply.ok().cacheControl("no-store").header("Shop-Cache-Control", "max-age=60")
                .header("CDN-Cache-Control", "no-store").header("Tiercache-Cache-Control", "no-store"));
        origin.on("/off-list", Reply.ok().cacheControl("no-store").header("CDN-Cache-Control", "max-age=60"));

        get(node.url("/list"));
        HttpResponse<String> second = get(node.url("/list"));
        get(node.url("/off-list"));
        HttpResponse<String> offList = get(node.url("/off-list"));

        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(header(second, "Shop-Cache-Control")).isNull();
        assertThat(header(second, "Tiercache-Cache-Control")).isEqualTo("no-store");
        assertThat(cacheStatus(offList)).isEqualTo("MISS");
        assertThat(header(offList, "CDN-Cache-Control")).isEqualTo("max-age=60");
    }

    // RFC 9111 §4.2.2: cache.heuristic-freshness turns heuristics off; a route turns them back on
    @Test
    void heuristicFreshnessFollowsTheCacheWideSwitchUnlessTheRouteSaysOtherwise() {
        String lastModified = HttpDate.format(origin.clock().millis() / 1000 - 10 * 86_400);
        origin.on("/page", Reply.ok().header("Last-Modified", lastModified));
        origin.on("/heuristic/page", Reply.ok().header("Last-Modified", lastModified));

        get(node.url("/page"));
        HttpResponse<String> off = get(node.url("/page"));
        get(node.url("/heuristic/page"));
        HttpResponse<String> on = get(node.url("/heuristic/page"));

        assertThat(cacheStatus(off)).isEqualTo("MISS");
        assertThat(header(off, "Cache-Status")).contains("detail=\"no freshness\"");
        assertThat(cacheStatus(on)).isEqualTo("HIT");
        assertThat(header(on, "Cache-Status")).contains("ttl=86");
    }
}
