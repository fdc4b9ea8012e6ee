package io.tiercache.testing;

import io.tiercache.config.ConfigLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A tiercache node as its own process, started from the runnable jar exactly as an operator would
 * (`java -jar node/target/tiercache-node.jar --origin ... --members ...`), for end-to-end tests
 * that kill -9, SIGTERM and restart nodes.
 *
 * <p>Each node gets a {@value #HEAP} heap, too small for the default {@code cache.shared-size}: the
 * config file must set one that fits ({@value #FITTING_SHARED_SIZE}), or the node refuses to start.
 */
public final class NodeProcess implements AutoCloseable {

    public static final String HEAP = "-Xmx384m";
    /** A shared-size that this heap holds with the other defaults (see HeapRequirement). */
    public static final String FITTING_SHARED_SIZE = "64m";

    private final String name;
    private final int port;
    private final int adminPort;
    private final int clusterPort;
    private final List<String> command;
    private final Path log;
    private Process process;

    private NodeProcess(String name, int port, int adminPort, int clusterPort, List<String> command, Path log) {
        this.name = name;
        this.port = port;
        this.adminPort = adminPort;
        this.clusterPort = clusterPort;
        this.command = command;
        this.log = log;
    }

    /** Plans {@code size} nodes that list each other as members; none is started yet. */
    public static List<NodeProcess> plan(int size, String originUrl, String clusterName, Path configFile, String... flags) {
        return plan(size, HEAP, originUrl, clusterName, configFile, flags);
    }

    /** Plans {@code size} nodes with this JVM heap flag (e.g. {@code -Xmx640m}) for settings the default heap cannot hold. */
    public static List<NodeProcess> plan(int size, String heap, String originUrl, String clusterName, Path configFile,
                                         String... flags) {
        List<int[]> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(new int[] {Ports.free(), Ports.free(), Ports.free()});
        }
        String members = ports.stream().map(p -> "127.0.0.1:" + p[2]).collect(Collectors.joining(","));
        List<NodeProcess> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            nodes.add(plan("e2e-" + (i + 1), ports.get(i), heap, originUrl, clusterName, members, configFile, flags));
        }
        return nodes;
    }

    /** Plans one more node that joins the members of {@code existing}. */
    public static NodeProcess planJoining(String name, List<NodeProcess> existing, String originUrl, String clusterName,
                                          Path configFile, String... flags) {
        int[] ports = {Ports.free(), Ports.free(), Ports.free()};
        String members = existing.stream().map(n -> "127.0.0.1:" + n.clusterPort).collect(Collectors.joining(","))
                + ",127.0.0.1:" + ports[2];
        return plan(name, ports, HEAP, originUrl, clusterName, members, configFile, flags);
    }

    private static NodeProcess plan(String name, int[] ports, String heap, String originUrl, String clusterName,
                                    String members, Path configFile, String... flags) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), heap, "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-jar", jar().toString(),
                "--origin", originUrl,
                "--listen", "127.0.0.1:" + ports[0],
                "--admin-listen", "127.0.0.1:" + ports[1],
                "--cluster-port", Integer.toString(ports[2]),
                "--members", members,
                "--cluster-name", clusterName,
                "--node-name", name));
        if (configFile != null) {
            command.add("--config");
            command.add(configFile.toString());
        }
        command.addAll(List.of(flags));
        Path log = Path.of("target", "e2e-logs", clusterName + "-" + name + ".log");
        return new NodeProcess(name, ports[0], ports[1], ports[2], command, log);
    }

    /** Starts the process (again, after a kill or stop) and waits until /ready says 200. */
    public NodeProcess start() {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command);
            // As in production: the secret comes from the environment, and every message is signed.
            builder.environment().put(ConfigLoader.CLUSTER_SECRET_ENV, "e2e-cluster-secret-0123456789");
            process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .failFast("node " + name + " exited; see " + log.toAbsolutePath(), () -> !process.isAlive())
                .until(this::ready);
        return this;
    }

    public boolean ready() {
        try {
            HttpResponse<String> response = TestClient.client().send(
                    HttpRequest.newBuilder(URI.create(adminUrl("/ready"))).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: the process dies at once, nothing is flushed or handed over. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM: the node drains and leaves the cluster gracefully. Returns how long the process took to exit. */
    public Duration terminate() {
        long started = System.nanoTime();
        process.destroy();
        waitFor();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public int exitCode() {
        return process.exitValue();
    }

    private void waitFor() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public String adminUrl(String path) {
        return "http://127.0.0.1:" + adminPort + path;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public int adminPort() {
        return adminPort;
    }

    /** The process's resident memory in KiB (VmRSS), or -1 when it is not running. */
    public long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException gone) {
            return -1;
        }
        return -1;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (alive()) {
            process.destroyForcibly();
            waitFor();
        }
    }

    private static Path jar() {
        Path jar = Path.of("target", "tiercache-node.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no " + jar.toAbsolutePath() + ": end-to-end tests run after `mvn package` (use `mvn verify`)");
        }
        return jar;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
