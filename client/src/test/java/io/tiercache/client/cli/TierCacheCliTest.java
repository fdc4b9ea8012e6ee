package io.tiercache.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiercache.client.NodeUnderTest;
import io.tiercache.testing.Ports;
import io.tiercache.testing.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static io.tiercache.testing.TestClient.cacheStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** The CLI end to end, in-process: arguments in; stdout, stderr and the exit code out. */
class TierCacheCliTest {

    static NodeUnderTest cache;
    static String admin;

    @BeforeAll
    static void start() {
        cache = NodeUnderTest.start();
        admin = cache.admin().toString();
    }

    @AfterAll
    static void stop() {
        cache.close();
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TierCacheCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void purgeByTagPrintsASummary() {
        cache.origin.on("/cli/tagged", Reply.ok().cacheControl("max-age=300").header("Surrogate-Key", "cli-blog"));
        cache.cache("/cli/tagged");

        Run run = run("purge", "--admin", admin, "--token", NodeUnderTest.TOKEN, "--tag", "cli-blog");

        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.out()).matches("purged 1 response; acknowledged by node-1 in \\d+ ms\\R");
        assertThat(cacheStatus(cache.get("/cli/tagged"))).isEqualTo("MISS");
    }

    @Test
    void repeatedOptionsPurgeEachAndSoftSaysSo() {
        for (String path : new String[] {"/cli/a", "/cli/b", "/cli/under/c"}) {
            cache.origin.on(path, Reply.ok().cacheControl("max-age=300"));
            cache.cache(path);
        }

        Run run = run("purge", "--admin", admin, "--token", NodeUnderTest.TOKEN, "--soft",
                "--url", "/cli/a", "--url", "/cli/b", "--prefix", "/cli/under/", "--host", cache.host());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("soft-purged 3 responses; acknowledged by node-1");
        assertThat(cacheStatus(cache.get("/cli/a"))).isEqualTo("STALE");
        assertThat(cacheStatus(cache.get("/cli/under/c"))).isEqualTo("STALE");
    }

    @Test
    void jsonPrintsTheNodesAnswer() throws Exception {
        Run run = run("purge", "--json", "--admin", admin, "--token", NodeUnderTest.TOKEN, "--url", "/cli/none");

        assertThat(run.exit()).isZero();
        JsonNode answer = new ObjectMapper().readTree(run.out());
        assertThat(answer.path("purged").asInt()).isZero();
        assertThat(answer.path("acknowledged").get(0).asText()).isEqualTo("node-1");
        assertThat(answer.has("id")).isTrue();
    }

    @Test
    void wrongTokenIsOneLineOnStderrAndExitOne() {
        Run run = run("purge", "--admin", admin, "--token", "wrong", "--tag", "x");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("tiercache: 403 wrong purge token" + System.lineSeparator());
    }

    @Test
    void missingTokenSaysHowToAuthorize() {
        Run run = run("revalidate", "--admin", admin, "--path", "/x");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("tiercache: 401 needs Authorization: Bearer").hasLineCount(1);
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        Run notAPath = run("purge", "--admin", admin, "--token", NodeUnderTest.TOKEN, "--url", "blog/post");
        assertThat(notAPath.exit()).isEqualTo(2);
        assertThat(notAPath.err()).isEqualTo("tiercache: urls must be paths starting with '/', got 'blog/post'"
                + " (see 'tiercache purge --help')" + System.lineSeparator());

        Run nothing = run("purge", "--admin", admin);
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(nothing.err()).startsWith("tiercache: give at least one of urls, prefixes or tags").hasLineCount(1);

        Run unknown = run("purge", "--bogus");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("tiercache: Unknown option: '--bogus'").hasLineCount(1);

        Run noCommand = run();
        assertThat(noCommand.exit()).isEqualTo(2);
        assertThat(noCommand.err()).startsWith("tiercache: Missing required subcommand").hasLineCount(1);

        Run badAdmin = run("stats", "--admin", "ftp://127.0.0.1:9090");
        assertThat(badAdmin.exit()).isEqualTo(2);
        assertThat(badAdmin.err()).contains("http(s)://host[:port]").hasLineCount(1);
    }

    @Test
    void unreachableNodeExitsOneWithoutAStackTrace() {
        Run run = run("stats", "--admin", "http://127.0.0.1:" + Ports.free());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("tiercache: cannot reach http://127.0.0.1:").hasLineCount(1);
    }

    @Test
    void helpListsEachCommandsOptions() {
        Run top = run("--help");
        assertThat(top.exit()).isZero();
        assertThat(top.out()).contains("purge", "revalidate", "warm", "stats", "Exit codes:");

        Run purge = run("purge", "--help");
        assertThat(purge.exit()).isZero();
        assertThat(purge.out()).contains("--url", "--prefix", "--tag", "--host", "--soft", "--admin", "--token", "--json");

        assertThat(run("revalidate", "--help").out()).contains("--path", "--tag", "--wait");
        assertThat(run("warm", "--help").out()).contains("--url", "--host", "--force");
        assertThat(run("stats", "--help").out()).contains("--admin");
    }

    @Test
    void revalidateWithWaitListsEachRefresh() {
        cache.origin.on("/cli/revalidate", Reply.ok().cacheControl("max-age=300"));
        cache.cache("/cli/revalidate");

        Run run = run("revalidate", "--admin", admin, "--token", NodeUnderTest.TOKEN, "--path", "/cli/revalidate", "--wait");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("marked 1 response stale; acknowledged by node-1 in ")
                .contains("; refreshed:\n  200 ")
                .contains(" stored " + cache.node.url("/cli/revalidate"));
        assertThat(cache.origin.hits("/cli/revalidate")).isEqualTo(2);
    }

    @Test
    void warmPrintsWhatTheCacheDidWithEachUrl() {
        cache.origin.on("/cli/warm", Reply.ok().cacheControl("max-age=300"));

        Run run = run("warm", "--admin", admin, "--token", NodeUnderTest.TOKEN, "--host", cache.host(), "--url", "/cli/warm");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("200 MISS stored " + cache.node.url("/cli/warm") + "\nwarmed 1 URL: 1 stored"
                + System.lineSeparator());
        assertThat(cacheStatus(cache.get("/cli/warm"))).isEqualTo("HIT");
    }

    @Test
    void statsSummarizeTheNode() {
        Run run = run("stats", "--admin", admin);

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("node-1 in a cluster of node-1\n").contains("hot tier:", "shared map:");
    }
}
