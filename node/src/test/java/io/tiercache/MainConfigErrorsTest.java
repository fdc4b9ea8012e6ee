package io.tiercache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad flags and config stop the node before anything starts: one line on stderr naming the flag
 * or key, and exit status 2. Every case here is invalid, so no node is ever started; should one
 * become valid, Main would run a node until shutdown, and the timeout fails the test instead.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MainConfigErrorsTest {

    @TempDir
    Path dir;

    /** What running the command line printed on stderr, and its exit status. */
    private record Run(int status, String stderr) {
        String onlyLine() {
            assertThat(stderr.lines().toList()).as(stderr).hasSize(1);
            return stderr.lines().findFirst().orElseThrow();
        }
    }

    private static Run run(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int status = Main.commandLine().execute(args);
            return new Run(status, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    private Path config(String yaml) throws IOException {
        return Files.writeString(dir.resolve("tiercache.yaml"), yaml);
    }

    @Test
    void badListenFlagValueIsOneLineNamingTheFlag() {
        Run run = run("--listen", "localhost");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.onlyLine()).startsWith("tiercache: ").contains("--listen").contains("'localhost'");
    }

    @Test
    void badClusterPortFlagValueIsOneLineNamingTheFlag() {
        Run run = run("--cluster-port", "70000");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.onlyLine()).contains("--cluster-port").contains("70000");
    }

    @Test
    void badOriginFlagValueIsOneLineNamingTheFlag() {
        Run run = run("--origin", "ftp://files.example");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.onlyLine()).contains("--origin").contains("ftp://files.example");
    }

    @Test
    void unknownFlagIsOneLineNamingTheFlag() {
        Run run = run("--lisen", "127.0.0.1:8080");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.onlyLine()).startsWith("tiercache: ").contains("--lisen");
    }

    @Test
    void unknownConfigKeyIsOneLineNamingTheKey() throws IOException {
        Path file = config("cache:\n  max-objekt-size: 1m\n");

        Run run = run("--config", file.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.onlyLine()).contains("cache.max-objekt-size").contains(file.toString());
    }

    @Test
    void badConfigValueIsOneLineNamingTheKey() throws IOException {
        Path file = config("routes:\n  - match: {prefix: /blog/}\n    ttl: 10 minutes\n");

        Run run = run("--config", file.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.onlyLine()).contains("routes[0].ttl").contains("'10 minutes'");
    }

    @Test
    void aClusterReachableFromOtherHostsWithoutASecretIsOneLineNamingTheKeyAndTheVariable() throws IOException {
        Path file = config("cluster:\n  bind: 0.0.0.0\n");

        Run run = run("--config", file.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.onlyLine()).startsWith("tiercache: ").contains("cluster.secret").contains("TIERCACHE_CLUSTER_SECRET");
    }

    @Test
    void sharedSizeTheHeapCannotHoldIsOneLineNamingTheKeyTheHeapAndWhatFits() throws IOException {
        long heapMib = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        Path file = config("cache:\n  shared-size: " + heapMib + "m\n");

        Run run = run("--config", file.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.onlyLine()).startsWith("tiercache: cache.shared-size " + heapMib + "m does not fit this JVM's heap")
                .contains("set cache.shared-size to at most").contains("-Xmx");
    }

    @Test
    void missingConfigFileIsOneLineNamingTheFile() {
        Path missing = dir.resolve("nowhere.yaml");

        Run run = run("--config", missing.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.onlyLine()).contains(missing.toString()).contains("not found");
    }
}
