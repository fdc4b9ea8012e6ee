package io.tiercache.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterViewTest {

    private final ClusterView view = new ClusterView(new ChartHistory(10));

    @Test
    void ratesComeFromCountsBetweenReportsSoALostReportLosesNothing() {
        view.receive("a", 1_000, figures(0, 100, 0, 0), 1_000);
        view.step(1_000, List.of("a"));
        view.receive("a", 2_000, figures(0, 110, 0, 0), 2_000);
        view.receive("a", 3_000, figures(0, 130, 10, 0), 3_000);

        JsonObject overview = view.step(3_000, List.of("a"));

        JsonObject point = overview.getJsonObject("point");
        assertThat(point.getDouble("HIT")).isEqualTo(15.0);
        assertThat(point.getDouble("MISS")).isEqualTo(5.0);
        assertThat(point.getDouble("hitRatio")).isEqualTo(0.75);
        assertThat(member(overview, "a").getDouble("requestsPerSecond")).isEqualTo(20.0);
        assertThat(overview.getJsonObject("totals").getDouble("requestsPerSecond")).isEqualTo(20.0);
    }

    @Test
    void membersAddUpAndARestartedMemberIsNotCountedBackwards() {
        view.receive("a", 1_000, figures(0, 100, 0, 0), 1_000);
        view.receive("b", 1_000, figures(0, 500, 0, 0), 1_000);
        view.step(1_000, List.of("a", "b"));
        view.receive("a", 2_000, figures(0, 110, 0, 0), 2_000);
        view.receive("b", 2_000, figures(1_500, 3, 0, 0), 2_000);

        JsonObject point = view.step(2_000, List.of("a", "b")).getJsonObject("point");

        assertThat(point.getDouble("HIT")).isEqualTo(10.0);
    }

    @Test
    void aSilentMemberIsMarkedAndOneGoneFromTheClusterIsForgotten() {
        view.receive("a", 1_000, figures(0, 1, 0, 0), 1_000);
        view.receive("gone", 1_000, figures(0, 1, 0, 0), 1_000);

        JsonObject silent = view.step(1_000 + ClusterView.SILENT_AFTER_MILLIS + 1, List.of("a", "gone", "new"));
        JsonObject later = view.step(1_000 + ClusterView.FORGET_AFTER_MILLIS + 1, List.of("a"));

        assertThat(member(silent, "a").getBoolean("silent")).isTrue();
        assertThat(member(silent, "new").getBoolean("silent")).isTrue();
        assertThat(member(silent, "new").containsKey("phase")).isFalse();
        assertThat(later.getJsonArray("members").stream().map(m -> ((JsonObject) m).getString("node"))).containsExactly("a");
    }

    @Test
    void theHistoryKeepsOnlyItsCapacityOfPoints() {
        for (int i = 0; i < 15; i++) {
            view.receive("a", 1_000L * (i + 1), figures(0, i * 10, 0, 0), 1_000L * (i + 1));
            view.step(1_000L * (i + 1), List.of("a"));
        }

        JsonObject columns = view.history().columns();

        assertThat(view.history().size()).isEqualTo(10);
        JsonArray times = columns.getJsonArray("data").getJsonArray(0);
        assertThat(times).hasSize(10);
        assertThat(times.getDouble(9)).isEqualTo(15.0);
        assertThat(times.getDouble(0)).isEqualTo(6.0);
    }

    private static String figures(long startedAt, long hits, long misses, long originFetches) {
        JsonArray origin = new JsonArray();
        for (int i = 0; i < LatencyHistogram.BUCKETS; i++) {
            origin.add(i == 20 ? originFetches : 0);
        }
        return new JsonObject().put("startedAt", startedAt).put("phase", "ready")
                .put("hot", new JsonObject().put("entries", 1).put("bytes", 10))
                .put("shared", new JsonObject().put("entries", 2).put("bytes", 20))
                .put("requests", new JsonArray().add(hits).add(misses).add(0).add(0).add(0).add(0).add(0))
                .put("origin", origin).put("purges", new JsonArray()).encode();
    }

    private static JsonObject member(JsonObject overview, String node) {
        return overview.getJsonArray("members").stream().map(JsonObject.class::cast)
                .filter(member -> member.getString("node").equals(node)).findFirst().orElseThrow();
    }
}
