package io.tiercache.proxy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.micrometer.core.instrument.FunctionCounter;
import io.tiercache.config.ConfigOverride;
import io.tiercache.testing.KeepAliveConnection;
import io.tiercache.testing.Ports;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The access log under load: a line for every request, each one whole, none dropped. */
class AccessLogTest {

    static final int REQUESTS = 50_000;
    static final int CLIENTS = 32;
    /** The route keys on the path alone, so every request is a hit while its query makes its line unique. */
    static final String YAML = """
            routes:
              - name: logged
                match: {prefix: /}
                key: "{scheme}://{host}{path}"
            """;
    static final Pattern TEXT_LINE = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z 127\\.0\\.0\\.1 "
            + "\"GET /logged\\?r=(\\d+-\\d+)\" 200 (HIT|MISS) \\d+B \\d+\\.\\d{3}ms origin=(-|\\d+\\.\\d{3}ms) "
            + "route=logged node=node-1 cache-status=\"tiercache; [^\"]*\"");

    static TestOrigin origin;
    static Logger accessLogger;

    @BeforeAll
    static void start() {
        accessLogger = (Logger) LoggerFactory.getLogger("tiercache.access");
        accessLogger.setLevel(Level.INFO);
        origin = TestOrigin.start();
        origin.on("/logged", Reply.ok().cacheControl("max-age=600").body("logged"));
    }

    @AfterAll
    static void stop() {
        origin.close();
        accessLogger.setLevel(Level.OFF);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text", "json"})
    @DisplayName("50,000 requests from 32 connections leave 50,000 whole lines, one per request")
    void everyRequestLeavesOneWholeLine(String format) throws Exception {
        Path file = Files.createTempFile("access-" + format, ".log");
        int clusterPort = Ports.free();
        TestNode node = TestNode.member(origin, YAML, "access-log-" + clusterPort, clusterPort,
                "127.0.0.1:" + clusterPort, "node-1", new ConfigOverride("node.access-log", format, "test"),
                new ConfigOverride("node.access-log-file", file.toString(), "test"));
        try {
            sendConcurrently(node);
            await().atMost(Duration.ofSeconds(30)).until(() -> lines(file).size() >= REQUESTS);

            List<String> lines = lines(file);
            Set<String> requests = new HashSet<>();
            List<String> repeated = new java.util.ArrayList<>();
            for (String line : lines) {
                if (!requests.add(format.equals("json") ? jsonRequest(line) : textRequest(line))) {
                    repeated.add(line);
                }
            }
            assertThat(repeated).as("lines of requests logged more than once").isEmpty();
            assertThat(lines).hasSize(REQUESTS);
            assertThat(requests).as("one line per request").hasSize(REQUESTS);
            assertThat(FunctionCounter.class.cast(node.node().metrics().find("tiercache.access.log.dropped")
                    .functionCounter()).count()).isZero();
        } finally {
            node.close();
            Files.deleteIfExists(file);
        }
    }

    private static String textRequest(String line) {
        Matcher matcher = TEXT_LINE.matcher(line);
        assertThat(matcher.matches()).as("a whole text line: %s", line).isTrue();
        return matcher.group(1);
    }

    private static String jsonRequest(String line) {
        JsonObject json = new JsonObject(line);
        assertThat(json.fieldNames()).contains("time", "client", "method", "url", "status", "cache", "cacheStatus",
                "bytes", "ms", "route", "node");
        assertThat(json.getString("node")).isEqualTo("node-1");
        assertThat(json.getInteger("status")).isEqualTo(200);
        return json.getString("url").substring("/logged?r=".length());
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file);
    }

    /**
     * Each client keeps one connection and sends its share of the requests on it. Not the JDK's
     * client: it resends a GET whose pooled connection it closed itself (which it does when an
     * answer arrives faster than it switches the connection from its pool to the exchange), and the
     * server rightly logs both.
     */
    private static void sendConcurrently(TestNode node) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Integer>> sent = new java.util.ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                sent.add(clients.submit(() -> {
                    int ok = 0;
                    try (KeepAliveConnection connection = new KeepAliveConnection(node.port())) {
                        for (int i = client; i < REQUESTS; i += CLIENTS) {
                            ok += connection.get("/logged?r=" + client + "-" + i).status() == 200 ? 1 : 0;
                        }
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> each : sent) {
                ok += each.get(5, TimeUnit.MINUTES);
            }
            assertThat(ok).isEqualTo(REQUESTS);
        } finally {
            clients.shutdownNow();
        }
    }
}
