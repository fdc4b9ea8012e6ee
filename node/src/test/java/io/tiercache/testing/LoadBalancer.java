package io.tiercache.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * A real HAProxy in front of node processes, configured like deploy/local's: round robin, health
 * checks on each node's /ready, and a failed connection (or an empty answer) to a node retried on
 * another one for GET and HEAD.
 */
public final class LoadBalancer implements AutoCloseable {

    private final int port;
    private final Process process;

    private LoadBalancer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /** Whether HAProxy is installed here (CI installs it; elsewhere the fleet tests are skipped). */
    public static boolean available() {
        try {
            return new ProcessBuilder("haproxy", "-v").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static LoadBalancer start(List<NodeProcess> nodes, String name) {
        int port = Ports.free();
        StringBuilder config = new StringBuilder("""
                global
                    maxconn 4096
                defaults
                    mode http
                    option forwardfor
                    timeout connect 1s
                    timeout client 30s
                    timeout server 30s
                    timeout check 1s
                frontend tiercache
                    bind 127.0.0.1:%d
                    default_backend nodes
                backend nodes
                    balance roundrobin
                    option httpchk GET /ready
                    http-check expect status 200
                    retries 2
                    option redispatch 1
                    retry-on conn-failure empty-response
                    http-request disable-l7-retry unless METH_GET
                    default-server inter 400ms fall 2 rise 2
                """.formatted(port));
        for (NodeProcess node : nodes) {
            config.append("    server ").append(node.name()).append(" 127.0.0.1:").append(node.port())
                    .append(" check port ").append(node.adminPort()).append('\n');
        }
        try {
            Path dir = Files.createDirectories(Path.of("target", "e2e-logs"));
            Path file = dir.resolve(name + "-haproxy.cfg");
            Files.writeString(file, config);
            Process process = new ProcessBuilder("haproxy", "-db", "-f", file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + "-haproxy.log").toFile()))
                    .start();
            LoadBalancer balancer = new LoadBalancer(port, process);
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                    .until(() -> TestClient.get(balancer.url("/")).statusCode() > 0);
            return balancer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
