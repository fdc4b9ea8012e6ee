package io.tiercache.e2e;

import com.sun.net.httpserver.HttpServer;
import io.tiercache.testing.NodeProcess;
import io.tiercache.testing.Reply;
import io.tiercache.testing.TestClient;
import io.tiercache.testing.TestOrigin;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.devtools.v156.network.Network;
import org.openqa.selenium.support.ui.Select;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static io.tiercache.testing.TestClient.cacheStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real browser (Debian's chromium, driven through its chromedriver) against three
 * node processes started from the jar: what an operator sees and does, end to end. Screenshots go
 * to target/dashboard-screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    static final String SITE = "dashboard.example.test";
    static final String PURGE_TOKEN = "it-purge-token-0123";
    static final String READ_TOKEN = "it-read-token-4567";

    static TestOrigin origin;
    static List<NodeProcess> nodes;
    static ChromeDriver browser;
    static DevTools devTools;
    /** What the browser's requests were answered with, and the Origin they carried, by URL (from DevTools). */
    static final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    static final Map<String, String> requestUrls = new ConcurrentHashMap<>();
    static final Map<String, String> requestOrigins = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromium-driver are not installed, so the dashboard's browser tests are skipped "
                        + "(apt-get install chromium chromium-driver; bin/run-tests installs them when it runs as root)");
        origin = TestOrigin.start();
        Path config = Files.createTempFile("dashboard-it", ".yaml");
        Files.writeString(config, """
                node:
                  drain-delay: 0s
                  access-log: off
                cache:
                  shared-size: %s
                admin:
                  purge-token: %s
                  read-token: %s
                """.formatted(NodeProcess.FITTING_SHARED_SIZE, PURGE_TOKEN, READ_TOKEN));
        nodes = NodeProcess.plan(3, origin.url(), "dashboard-it-" + origin.port(), config);
        nodes.forEach(NodeProcess::start);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,2200",
                "--user-data-dir=" + Files.createTempDirectory("dashboard-it-chromium"));
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
        devTools = browser.getDevTools();
        devTools.createSession();
        devTools.send(Network.enable(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        devTools.addListener(Network.responseReceived(), received ->
                statuses.put(received.getResponse().getUrl(), received.getResponse().getStatus()));
        // The Origin a request really carried is added by the network stack: it is in the extra info
        // event, which names the request by id and may come before or after the one that names its URL.
        devTools.addListener(Network.requestWillBeSent(), sent ->
                requestUrls.put(sent.getRequestId().toString(), sent.getRequest().getUrl()));
        devTools.addListener(Network.requestWillBeSentExtraInfo(), extra -> {
            Object origin = extra.getHeaders().get("Origin");
            origin = origin != null ? origin : extra.getHeaders().get("origin");
            if (origin != null) {
                requestOrigins.put(extra.getRequestId().toString(), origin.toString());
            }
        });
        Files.createDirectories(SCREENSHOTS);
        // The page draws its tables again every few seconds: an element read while it is replaced is read again.
        Awaitility.ignoreExceptionByDefault(StaleElementReferenceException.class);
    }

    @AfterAll
    static void stop() {
        Awaitility.reset();
        if (browser != null) {
            browser.quit();
        }
        if (nodes != null) {
            nodes.forEach(NodeProcess::close);
        }
        if (origin != null) {
            origin.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("the page asks for the token once, keeps it for the tab only, and shows the three members")
    void asksForTheTokenOnceAndShowsEveryMember() {
        browser.get(nodes.get(0).adminUrl("/"));
        WebElement dialog = browser.findElement(By.id("token-dialog"));
        await().atMost(Duration.ofSeconds(10)).until(dialog::isDisplayed);
        assertThat(browser.findElement(By.id("token-why")).getText()).contains("admin.read-token");
        browser.findElement(By.id("token-input")).sendKeys(PURGE_TOKEN);
        browser.findElement(By.id("token-ok")).click();

        awaitMembersReady();
        browser.navigate().refresh();
        awaitMembersReady();

        assertThat(browser.findElement(By.id("token-dialog")).isDisplayed()).isFalse();
        assertThat(script("return window.localStorage.length")).isEqualTo(0L);
        assertThat(script("return window.sessionStorage.getItem('tiercache.token')")).isEqualTo(PURGE_TOKEN);
        assertThat(browser.getCurrentUrl()).doesNotContain(PURGE_TOKEN);
        assertThat(browser.findElement(By.id("totals")).getText()).contains("3 members", "3 ready");
        screenshot("overview");
    }

    @Test
    @Order(2)
    @DisplayName("traffic on the nodes moves the charts and the request rates")
    void trafficMovesTheCharts() {
        for (int i = 0; i < 10; i++) {
            origin.on("/it/traffic/" + i, Reply.ok().cacheControl("max-age=3600").body("page " + i));
        }
        for (int round = 0; round < 6; round++) {
            for (int i = 0; i < 10; i++) {
                TestClient.get(nodes.get((round + i) % 3).url("/it/traffic/" + i), "Host", SITE);
            }
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> number("return window.tiercache.peak('HIT')") > 0
                && number("return window.tiercache.peak('MISS')") > 0
                && number("return window.tiercache.peak('originPerSecond')") > 0);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                browser.findElement(By.cssSelector("#totals [data-field=rate]")).getText().matches("[0-9.]+"));
        screenshot("charts");
    }

    @Test
    @Order(3)
    @DisplayName("a tag purge from the console, confirmed, makes the page a MISS on every node")
    void tagPurgeFromTheConsole() {
        origin.on("/it/tagged", Reply.ok().cacheControl("max-age=3600").header("Surrogate-Key", "it-news"));
        TestClient.get(nodes.get(0).url("/it/tagged"), "Host", SITE);
        awaitStoredEverywhere("/it/tagged");

        sendChange("purge", "tags", "it-news", false);

        WebElement answer = awaitMessage("change-message", "purged");
        assertThat(answer.getText()).contains("1 stored response purged", "no member missing")
                .contains("e2e-1", "e2e-2", "e2e-3");
        for (NodeProcess node : nodes) {
            HttpResponse<String> after = cachedOnly(node, "/it/tagged");
            assertThat(after.statusCode()).as(node.name()).isEqualTo(504);
            assertThat(cacheStatus(after)).as(node.name()).isEqualTo("MISS");
        }
        await().atMost(Duration.ofSeconds(10)).until(() ->
                browser.findElement(By.id("purge-rows")).getText().contains("tag it-news"));
        screenshot("purge");
    }

    @Test
    @Order(4)
    @DisplayName("the key inspector shows the TTL, tags and verdict of a stored page, and a soft-purged page as stale")
    void keyInspector() {
        origin.on("/it/inspected", Reply.ok().cacheControl("max-age=600").header("Surrogate-Key", "it-insp blog")
                .body("inspected"));
        TestClient.get(nodes.get(1).url("/it/inspected"), "Host", SITE);
        await().atMost(Duration.ofSeconds(10)).until(() -> cachedOnly(nodes.get(1), "/it/inspected").statusCode() == 200);

        inspect("http://" + SITE + "/it/inspected");
        assertThat(outcome()).isEqualTo("HIT");
        assertThat(fact("time to live")).matches("(9m \\d+s|10m 0s) \\(ttl=\\d+\\)");
        assertThat(fact("lifetime")).isEqualTo("10m 0s, set by max-age");
        assertThat(fact("tags")).isEqualTo("it-insp, blog");
        assertThat(fact("stored")).startsWith("by e2e-2 at");
        assertThat(fact("hot copies on")).isEqualTo("e2e-2");
        screenshot("inspector-fresh");

        sendChange("purge", "tags", "it-insp", true);
        awaitMessage("change-message", "marked stale");
        inspect("http://" + SITE + "/it/inspected");

        assertThat(outcome()).isEqualTo("STALE");
        assertThat(browser.findElement(By.cssSelector("#inspection .reason")).getText()).startsWith("soft-purged");
        assertThat(fact("soft-purged")).startsWith("at ");
        assertThat(cacheStatus(TestClient.get(nodes.get(2).url("/it/inspected"), "Host", SITE))).isEqualTo("STALE");
        screenshot("inspector-soft-purged");
    }

    @Test
    @Order(5)
    @DisplayName("a wrong token gets a clear message and purges nothing")
    void aWrongTokenPurgesNothing() {
        origin.on("/it/kept", Reply.ok().cacheControl("max-age=3600").header("Surrogate-Key", "it-kept"));
        TestClient.get(nodes.get(0).url("/it/kept"), "Host", SITE);
        awaitStoredEverywhere("/it/kept");
        browser.findElement(By.id("token-set")).click();
        browser.findElement(By.id("token-input")).sendKeys("not-the-token");
        browser.findElement(By.id("token-ok")).click();

        sendChange("purge", "tags", "it-kept", false);

        WebElement answer = awaitMessage("change-message", "Refused");
        assertThat(answer.getText()).contains("Refused (403): wrong purge token", "Nothing was changed");
        nodes.forEach(node -> assertThat(cachedOnly(node, "/it/kept").statusCode()).as(node.name()).isEqualTo(200));
        assertThat(origin.hits("/it/kept")).isEqualTo(1);
        screenshot("wrong-token");
        browser.findElement(By.id("token-set")).click();
        browser.findElement(By.id("token-input")).sendKeys(PURGE_TOKEN);
        browser.findElement(By.id("token-ok")).click();
    }

    @Test
    @Order(6)
    @DisplayName("a purge that another site's page makes the browser send is refused, even with the token in its body")
    void crossSitePurgeIsRefused() throws IOException {
        origin.on("/it/csrf", Reply.ok().cacheControl("max-age=3600").header("Surrogate-Key", "it-csrf"));
        TestClient.get(nodes.get(0).url("/it/csrf"), "Host", SITE);
        awaitStoredEverywhere("/it/csrf");
        String target = nodes.get(0).adminUrl("/purge");
        String attack = """
                <!doctype html><title>third party</title>
                <script>
                fetch('%s', {method: 'POST', mode: 'no-cors',
                             body: '{"tags": ["it-csrf"], "secret": "%s"}'})
                  .then(() => document.title = 'sent', failure => document.title = 'failed ' + failure);
                </script>
                """.formatted(target, PURGE_TOKEN);
        HttpServer thirdParty = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        thirdParty.createContext("/", exchange -> {
            byte[] page = attack.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        thirdParty.start();
        try {
            String attacker = "http://127.0.0.2:" + thirdParty.getAddress().getPort();
            statuses.clear();
            requestUrls.clear();
            requestOrigins.clear();
            browser.get(attacker + "/");
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getTitle().equals("sent"));
            // DevTools reports the response and the headers really sent as separate events, in either order.
            await().atMost(Duration.ofSeconds(10)).until(() -> statuses.containsKey(target) && !originsOf(target).isEmpty());

            assertThat(originsOf(target)).containsOnly(attacker);
            assertThat(statuses.get(target)).isEqualTo(403);
            nodes.forEach(node -> assertThat(cachedOnly(node, "/it/csrf").statusCode()).as(node.name()).isEqualTo(200));
            browser.get(nodes.get(0).adminUrl("/"));
            awaitMembersReady();
            assertThat(browser.findElement(By.id("purge-rows")).getText()).contains("it-news").doesNotContain("it-csrf");
        } finally {
            thirdParty.stop(0);
        }
    }

    private static void awaitMembersReady() {
        // The rows are drawn again at every step: read them in one script, not element by element.
        await().atMost(Duration.ofSeconds(20)).until(() -> script("return Array.from(document.querySelectorAll("
                + "'#member-rows tr')).map(row => row.dataset.node + ' ' + row.querySelector('[data-field=state]')"
                + ".textContent).join(',')").equals("e2e-1 ready,e2e-2 ready,e2e-3 ready"));
    }

    private static void sendChange(String action, String kind, String value, boolean soft) {
        new Select(browser.findElement(By.id("change-action"))).selectByValue(action);
        new Select(browser.findElement(By.id("change-kind"))).selectByValue(kind);
        WebElement values = browser.findElement(By.id("change-values"));
        values.clear();
        values.sendKeys(value);
        WebElement softBox = browser.findElement(By.id("change-soft"));
        if (softBox.isSelected() != soft) {
            softBox.click();
        }
        browser.findElement(By.id("change-send")).click();
        WebElement confirm = browser.findElement(By.id("confirm-dialog"));
        await().atMost(Duration.ofSeconds(5)).until(confirm::isDisplayed);
        assertThat(browser.findElement(By.id("confirm-text")).getText()).contains(value, "on every node");
        browser.findElement(By.id("confirm-ok")).click();
    }

    private static WebElement awaitMessage(String id, String text) {
        await().atMost(Duration.ofSeconds(15)).until(() -> browser.findElements(By.id(id)).stream()
                .anyMatch(element -> element.getText().contains(text)));
        return browser.findElement(By.id(id));
    }

    private static void inspect(String url) {
        WebElement field = browser.findElement(By.id("inspect-url"));
        field.clear();
        field.sendKeys(url);
        String before = browser.findElement(By.id("inspect-result")).getText();
        browser.findElement(By.id("inspect-send")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("inspection")).isEmpty()
                && !browser.findElement(By.id("inspect-result")).getText().equals(before));
    }

    private static String outcome() {
        return browser.findElement(By.cssSelector("#inspection [data-outcome]")).getAttribute("data-outcome");
    }

    private static String fact(String name) {
        return browser.findElement(By.cssSelector("#inspection dd[data-fact='" + name + "']")).getText();
    }

    /** The fill's store lands a moment after its client has the whole response. */
    private static void awaitStoredEverywhere(String path) {
        await().atMost(Duration.ofSeconds(10)).until(() ->
                nodes.stream().allMatch(node -> cachedOnly(node, path).statusCode() == 200));
    }

    /** A request that may only be answered from cache: 504 (and MISS) when the node holds nothing for it. */
    private static HttpResponse<String> cachedOnly(NodeProcess node, String path) {
        return TestClient.get(node.url(path), "Host", SITE, "Cache-Control", "only-if-cached");
    }

    /** The Origin fields the browser sent with its requests for {@code url}. */
    private static List<String> originsOf(String url) {
        return requestUrls.entrySet().stream().filter(request -> request.getValue().equals(url))
                .map(request -> requestOrigins.get(request.getKey())).filter(java.util.Objects::nonNull).toList();
    }

    private static Object script(String code) {
        return ((JavascriptExecutor) browser).executeScript(code);
    }

    private static double number(String code) {
        Object value = script(code);
        return value instanceof Number number ? number.doubleValue() : 0;
    }

    private static void screenshot(String name) {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
