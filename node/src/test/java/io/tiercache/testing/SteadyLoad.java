package io.tiercache.testing;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients requesting a set of paths over and over while a test kills or restarts nodes. Records
 * every failure (a non-200 status or a broken exchange) and the cache statuses seen.
 */
public final class SteadyLoad implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong requests = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final List<Thread> clients = new ArrayList<>();

    public SteadyLoad(String baseUrl, String host, List<String> paths, int clientCount) {
        for (int c = 0; c < clientCount; c++) {
            int offset = c;
            Thread client = new Thread(() -> {
                int i = offset;
                while (running.get()) {
                    String path = paths.get(i++ % paths.size());
                    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Host", host)
                            .timeout(Duration.ofSeconds(10)).build();
                    try {
                        HttpResponse<String> response = TestClient.client().send(request, HttpResponse.BodyHandlers.ofString());
                        requests.incrementAndGet();
                        statuses.computeIfAbsent(TestClient.cacheStatus(response), s -> new AtomicLong()).incrementAndGet();
                        if (response.statusCode() != 200) {
                            failures.add(path + " -> " + response.statusCode() + " " + response.body().trim());
                        }
                    } catch (Exception failure) {
                        requests.incrementAndGet();
                        failures.add(path + " -> " + failure);
                    }
                }
            }, "steady-load-" + c);
            client.setDaemon(true);
            clients.add(client);
            client.start();
        }
    }

    public long requests() {
        return requests.get();
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    public Map<String, Long> statuses() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        statuses.forEach((status, count) -> copy.put(status, count.get()));
        return copy;
    }

    @Override
    public void close() {
        running.set(false);
        for (Thread client : clients) {
            try {
                client.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
