package io.tiercache.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * What the test origin answers on a path: status, headers and a body that may name the fetch
 * number, so a test can tell a cached body from a refetched one.
 */
public final class Reply {

    private int status = 200;
    private final List<Header> headers = new ArrayList<>();

    /** A header whose value may depend on the fetch number. */
    record Header(String name, IntFunction<String> value) {
    }
    private IntFunction<byte[]> body = n -> ("body #" + n).getBytes(StandardCharsets.UTF_8);
    private long delayMillis;
    private boolean chunked;

    public static Reply ok() {
        return new Reply();
    }

    public static Reply status(int status) {
        return new Reply().withStatus(status);
    }

    public Reply withStatus(int code) {
        this.status = code;
        return this;
    }

    public Reply header(String name, String value) {
        headers.add(new Header(name, n -> value));
        return this;
    }

    /** A header made from the fetch number, e.g. a short max-age first and a long one on refreshes. */
    public Reply header(String name, IntFunction<String> value) {
        headers.add(new Header(name, value));
        return this;
    }

    public Reply cacheControl(String value) {
        return header("Cache-Control", value);
    }

    /** A fixed body. */
    public Reply body(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        this.body = n -> bytes;
        return this;
    }

    public Reply body(byte[] bytes) {
        this.body = n -> bytes;
        return this;
    }

    /** A body made from the fetch number (1 for the first request the origin sees on this path). */
    public Reply body(IntFunction<String> text) {
        this.body = n -> text.apply(n).getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** Waits before answering, to stand for a slow origin. */
    public Reply delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** Sends the body chunked instead of with Content-Length. */
    public Reply chunked() {
        this.chunked = true;
        return this;
    }

    int status() {
        return status;
    }

    List<Header> headers() {
        return headers;
    }

    byte[] body(int fetch) {
        return body.apply(fetch);
    }

    long delayMillis() {
        return delayMillis;
    }

    boolean isChunked() {
        return chunked;
    }
}
