package io.tiercache.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestClient;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * deploy/grafana/tiercache.json queries only what a real node exports: every metric and label its
 * panels name is in the /metrics output of a node that has served, purged and refreshed.
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "tiercache.json");
    /** A metric name followed by its label selector, in PromQL. */
    private static final Pattern SELECTOR = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\{([^}]*)}");
    private static final Pattern LABEL = Pattern.compile("([a-z_][a-z0-9_]*)\\s*(=~|!=|!~|=)");

    static JsonNode dashboard;
    static String metrics;

    @BeforeAll
    static void scrapeANodeThatDidEverything() throws IOException {
        dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        try (TestOrigin origin = TestOrigin.start();
             TestNode node = TestNode.start(origin, "admin: {purge-token: t}")) {
            origin.on("/page", Reply.ok().cacheControl("max-age=1, stale-while-revalidate=60")
                    .header("Surrogate-Key", "t").body(n -> "v" + n));
            TestClient.get(node.url("/page"));
            TestClient.get(node.url("/page"));
            node.makeStale("/page");
            TestClient.get(node.url("/page"));
            TestClient.send("POST", node.adminUrl("/purge"), "{\"tags\": [\"t\"]}", "Authorization", "Bearer t");
            // The JVM's GC pause timers appear with its first collection, which a short run may not have had yet.
            System.gc();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                String scraped = TestClient.get(node.adminUrl("/metrics")).body();
                return scraped.contains("tiercache_refreshes_total{") && scraped.contains("jvm_gc_pause_seconds_sum");
            });
            metrics = TestClient.get(node.adminUrl("/metrics")).body();
        }
    }

    @AfterAll
    static void forget() {
        metrics = null;
    }

    @Test
    void everyQueriedMetricAndLabelIsExported() {
        Map<String, Set<String>> queried = queried();
        assertThat(queried.keySet()).as("metrics the dashboard queries").hasSizeGreaterThan(20);

        for (Map.Entry<String, Set<String>> metric : queried.entrySet()) {
            List<String> lines = samples(metric.getKey());
            assertThat(lines).as("%s in /metrics", metric.getKey()).isNotEmpty();
            for (String label : metric.getValue()) {
                assertThat(lines).as("%s has label %s", metric.getKey(), label)
                        .anySatisfy(line -> assertThat(line).contains(label + "=\""));
            }
        }
    }

    @Test
    void itCoversTheFiguresAnOperatorWatches() {
        assertThat(queried().keySet()).contains("tiercache_requests_total", "tiercache_origin_response_seconds_bucket",
                "tiercache_coalesced_waits_total", "tiercache_refreshes_total", "tiercache_purges_total",
                "tiercache_purge_propagation_seconds_bucket", "tiercache_hot_entries", "tiercache_hot_bytes",
                "tiercache_shared_entries", "tiercache_shared_bytes", "tiercache_hot_evictions_total",
                "tiercache_shared_evictions_total", "tiercache_cluster_members", "jvm_memory_used_bytes");
    }

    @Test
    void panelsUseTheDatasourceVariableAndFilterByNode() {
        assertThat(dashboard.path("uid").asText()).isEqualTo("tiercache");
        List<String> variables = new ArrayList<>();
        dashboard.at("/templating/list").forEach(variable -> variables.add(variable.path("name").asText()));
        assertThat(variables).containsExactly("datasource", "instance");
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.at("/datasource/uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
            assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
            panel.path("targets").forEach(target -> assertThat(target.path("expr").asText())
                    .as(panel.path("title").asText()).contains("instance=~\"$instance\""));
        }
    }

    /** Every metric the panels query, with the labels they select on (instance is Prometheus' own). */
    private static Map<String, Set<String>> queried() {
        Map<String, Set<String>> queried = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher selector = SELECTOR.matcher(target.path("expr").asText());
                while (selector.find()) {
                    Set<String> labels = queried.computeIfAbsent(selector.group(1), name -> new LinkedHashSet<>());
                    Matcher label = LABEL.matcher(selector.group(2));
                    while (label.find()) {
                        if (!label.group(1).equals("instance")) {
                            labels.add(label.group(1));
                        }
                    }
                }
            }
        }
        return queried;
    }

    private static List<String> samples(String metric) {
        return metrics.lines().filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " ")).toList();
    }
}
