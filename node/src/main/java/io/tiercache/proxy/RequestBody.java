package io.tiercache.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body before the origin is contacted, up to a limit, like nginx's
 * proxy_request_buffering: a malformed or truncated body is then answered with 400 and never
 * reaches the origin. A body over the limit is not held whole: what was read so far is handed
 * over with the request paused, and the rest streams with back-pressure.
 */
final class RequestBody {

    /** Bodies up to this size are read whole before forwarding. */
    static final int BUFFER_LIMIT = 1024 * 1024;

    /**
     * @param head     what was read
     * @param complete true when {@code head} is the whole body; false when the rest still streams
     *                 from the (paused) request
     */
    record Read(Buffer head, boolean complete) {
    }

    private RequestBody() {
    }

    /** Whether the request has a body at all (RFC 9112 §6.3: Transfer-Encoding, or a non-zero Content-Length). */
    static boolean present(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || (length != null && !length.trim().equals("0"));
    }

    /**
     * Whether a body of this method may go on a shared keep-alive origin connection. RFC 9110 §9.3
     * gives content a meaning only for POST and PUT (PATCH: RFC 5789); an origin may ignore any
     * other request's body and read it as the next request on the connection.
     */
    static boolean mayShareConnection(HttpMethod method) {
        return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
    }

    static Future<Read> read(HttpServerRequest request) {
        Promise<Read> promise = Promise.promise();
        Buffer head = Buffer.buffer();
        request.handler(chunk -> {
            head.appendBuffer(chunk);
            if (head.length() > BUFFER_LIMIT && !promise.future().isComplete()) {
                request.pause();
                request.handler(null);
                request.endHandler(null);
                request.exceptionHandler(null);
                promise.tryComplete(new Read(head, false));
            }
        });
        request.endHandler(ignored -> promise.tryComplete(new Read(head, true)));
        request.exceptionHandler(promise::tryFail);
        request.resume();
        return promise.future();
    }
}
