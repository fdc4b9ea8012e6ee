package io.tiercache.testing;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static io.tiercache.testing.ByteRangeParts.range;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that each read random byte ranges (1 byte to 256 KiB) of one large object, spread over
 * several nodes in turn, and check every answer byte for byte: a 206 with the exact Content-Range
 * and bytes.
 */
public final class RandomRangeReaders {

    private RandomRangeReaders() {
    }

    /**
     * Runs {@code clients} readers of {@code perClient} ranges each; {@code urls} gives the object's
     * URL on each node. Returns the time it took in milliseconds.
     */
    public static long read(List<Function<String, String>> urls, String path, String host, byte[] object, int clients,
                            int perClient) throws Exception {
        AtomicInteger requests = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Random random = new Random(c);
                done.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perClient; i++) {
                        String url = urls.get(requests.getAndIncrement() % urls.size()).apply(path);
                        long length = 1 + random.nextInt(256 * 1024);
                        long first = (long) (random.nextDouble() * (object.length - length));
                        assertRange(url, host, object, first, first + length - 1);
                    }
                }, pool));
            }
            CompletableFuture.allOf(done.toArray(new CompletableFuture[0])).get();
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static void assertRange(String url, String host, byte[] object, long first, long last) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Host", host).header("Range", "bytes=" + first + "-" + last).timeout(Duration.ofSeconds(60))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = TestClient.client().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError("bytes=" + first + "-" + last + " via " + url, e);
        }
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Range"))
                .hasValue("bytes " + first + "-" + last + "/" + object.length);
        assertThat(response.body()).isEqualTo(range(object, first, last));
    }
}
