package io.tiercache.admin;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * One Server-Sent Events stream to a dashboard page. An event that finds the connection's write
 * queue full is dropped rather than queued: a page that cannot keep up misses a step of a chart,
 * and the node holds no more than the queue for it.
 */
final class EventStream {

    private final HttpServerResponse response;
    private volatile boolean open = true;

    private EventStream(HttpServerResponse response) {
        this.response = response;
    }

    /** Starts the stream; {@code closed} runs once when the page goes away. */
    static EventStream open(HttpServerRequest request, Runnable closed) {
        HttpServerResponse response = request.response();
        EventStream stream = new EventStream(response);
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no");
        response.closeHandler(ignored -> {
            stream.open = false;
            closed.run();
        });
        response.write(": tiercache dashboard\n\n");
        return stream;
    }

    /** Sends one event whose data is one line of JSON; false when the page is gone. */
    boolean send(String event, String json) {
        if (!open) {
            return false;
        }
        if (!response.writeQueueFull()) {
            response.write("event: " + event + "\ndata: " + json + "\n\n");
        }
        return true;
    }

    boolean isOpen() {
        return open;
    }

    void close() {
        if (open) {
            open = false;
            response.end();
        }
    }
}
