package io.tiercache.testing;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;


/** A Server-Sent Events stream read by a test: every event kept in arrival order, its data as JSON. */
public final class EventStreamClient implements AutoCloseable {

    public record Event(String name, JsonObject data) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Stream<String> lines;
    private final Thread reader;

    private EventStreamClient(Stream<String> lines) {
        this.lines = lines;
        this.reader = new Thread(this::read, "event-stream-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the stream; fails unless the server answers 200 with text/event-stream. */
    public static EventStreamClient open(String url, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<Stream<String>> response = TestClient.client().send(request.build(),
                    HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200
                    || !response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
                response.body().close();
                throw new AssertionError("no event stream at " + url + ": " + response.statusCode());
            }
            return new EventStreamClient(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        String name = null;
        StringBuilder data = new StringBuilder();
        try {
            Iterator<String> iterator = lines.iterator();
            while (iterator.hasNext()) {
                String line = iterator.next();
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                } else if (line.isEmpty() && name != null) {
                    events.add(new Event(name, new JsonObject(data.toString())));
                    name = null;
                    data.setLength(0);
                }
            }
        } catch (UncheckedIOException closed) {
            // the test closed the stream, or the server went away
        }
    }

    public List<Event> events(String name) {
        List<Event> named = new ArrayList<>();
        for (Event event : events) {
            if (event.name().equals(name)) {
                named.add(event);
            }
        }
        return named;
    }

    /** Waits for an event of this name whose data matches, and returns its data. */
    public JsonObject await(String name, Predicate<JsonObject> matching) {
        JsonObject[] found = new JsonObject[1];
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (Event event : events(name)) {
                if (matching.test(event.data())) {
                    found[0] = event.data();
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    @Override
    public void close() {
        lines.close();
    }
}
