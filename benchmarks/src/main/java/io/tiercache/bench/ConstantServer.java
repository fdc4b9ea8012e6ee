package io.tiercache.bench;

import io.netty.buffer.Unpooled;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.internal.buffer.BufferInternal;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * The ceiling for a cache hit on this machine: a plain Vert.x server that answers every request
 * with the same prepared body and about as many header lines as a tiercache hit carries. A hit
 * that costs little more than writing prepared bytes runs close to this.
 *
 * <p>{@code java -cp benchmarks.jar io.tiercache.bench.ConstantServer HOST:PORT [bodyBytes] [eventLoops] [idleSeconds]}
 * (an idle timeout, as the node sets, adds Netty's idle-state handler to every connection)
 */
public final class ConstantServer {

    private ConstantServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        String[] listen = (args.length > 0 ? args[0] : "127.0.0.1:18061").split(":");
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int loops = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int idleSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        Buffer body = BufferInternal.buffer(Unpooled.unreleasableBuffer(Unpooled.directBuffer(size).writeBytes(bytes)));
        CharSequence[][] head = {
                {"Content-Type", "application/octet-stream"},
                {"Cache-Control", "public, max-age=3600"},
                {"ETag", "\"obj-1k\""},
                {"Last-Modified", "Mon, 03 Nov 2025 10:00:00 GMT"},
                {"Date", "Sat, 22 Nov 2025 10:00:00 GMT"},
                {"Age", "1"},
                {"X-Cache-Status", "HIT"},
                {"Cache-Status", "tiercache; hit; ttl=3599"},
                {"Via", "1.1 tiercache"},
        };
        for (CharSequence[] line : head) {
            line[0] = HttpHeaders.createOptimized(line[0].toString());
            line[1] = HttpHeaders.createOptimized(line[1].toString());
        }
        // The same transport as the node (epoll on Linux), so that the ceiling compares like with like.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
        CountDownLatch started = new CountDownLatch(loops);
        for (int i = 0; i < loops; i++) {
            vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(false).setIdleTimeout(idleSeconds))
                    .requestHandler(request -> {
                        MultiMap headers = request.response().headers();
                        for (CharSequence[] line : head) {
                            headers.add(line[0], line[1]);
                        }
                        request.response().end(body);
                    })
                    .listen(Integer.parseInt(listen[1]), listen[0])
                    .onSuccess(server -> started.countDown())
                    .onFailure(failure -> {
                        System.err.println("constant server: " + failure);
                        System.exit(1);
                    });
        }
        started.await();
        System.out.println("constant server listening on " + String.join(":", listen) + ", " + size + " bytes, "
                + loops + " event loop(s), native transport " + vertx.isNativeTransportEnabled());
    }
}
