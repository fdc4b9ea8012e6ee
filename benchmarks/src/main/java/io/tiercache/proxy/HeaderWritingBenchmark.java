package io.tiercache.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tiercache.bench.HitFixtures;
import io.tiercache.store.PreparedResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * DELIVER's header work for a hit: the stored lines, Age, Cache-Status, X-Cache-Status and Via put
 * into a fresh Vert.x response header map (as HttpServerResponse.headers() holds them), and then
 * that map encoded to bytes as the HTTP/1.1 encoder does when the response is written.
 */
@State(Scope.Thread)
public class HeaderWritingBenchmark {

    private PreparedResponse prepared;
    private CacheStatus status;
    private long now;
    private ByteBuf wire;

    @Setup
    public void setUp() {
        now = System.currentTimeMillis();
        prepared = new PreparedResponse(HitFixtures.response(1024, now, 42_000), now);
        status = CacheStatus.hit(3558);
        wire = ByteBufAllocator.DEFAULT.directBuffer(4096);
    }

    @TearDown
    public void tearDown() {
        wire.release();
    }

    @Benchmark
    public MultiMap put() {
        MultiMap headers = HttpHeaders.headers();
        Transmit.storedHeaders(headers, prepared, false, status, now);
        return headers;
    }

    @Benchmark
    public int putAndEncode() {
        HeadersMultiMap headers = (HeadersMultiMap) HttpHeaders.headers();
        Transmit.storedHeaders(headers, prepared, false, status, now);
        wire.clear();
        headers.encode(wire, false);
        return wire.writerIndex();
    }
}
