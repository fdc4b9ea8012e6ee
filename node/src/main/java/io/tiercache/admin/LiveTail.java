package io.tiercache.admin;

import io.tiercache.proxy.RequestLog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The node's most recent requests, for the dashboard's live access log: a ring of the last
 * {@link #CAPACITY} log entries, kept only while a page reads it. Unwatched, a request costs one
 * volatile read here, and its entry is built without the details (time, client, Cache-Status);
 * watched, the entry is built as the access log builds it and stored in a slot of the ring, with no
 * allocation of its own. A reader gets at most {@link #MAX_LINES} lines per read, the newest
 * matching ones, and the count of those it skipped: under load the page sees a sample.
 */
final class LiveTail implements RequestLog {

    static final int CAPACITY = 1024;
    static final int MAX_LINES = 100;
    /** How long a read keeps the ring recording: a page reads every second. */
    static final long WATCH_MILLIS = 10_000;

    /** What a reader wants to see; empty fields match everything. */
    record Filter(String cache, String status, String route, String urlPart) {

        static Filter of(JsonObject query) {
            return new Filter(lower(query.getString("cache")), lower(query.getString("status")),
                    lower(query.getString("route")), lower(query.getString("q")));
        }

        boolean matches(Entry entry) {
            return (cache == null || entry.outcome().name().equalsIgnoreCase(cache))
                    && (status == null || Integer.toString(entry.status()).startsWith(status))
                    && (route == null || entry.route().toLowerCase(Locale.ROOT).contains(route))
                    && (urlPart == null || entry.uri().toLowerCase(Locale.ROOT).contains(urlPart));
        }

        private static String lower(String value) {
            return value == null || value.isBlank() ? null : value.trim().toLowerCase(Locale.ROOT);
        }
    }

    private final AtomicReferenceArray<Entry> entries = new AtomicReferenceArray<>(CAPACITY);
    /** The sequence each slot holds, -1 while it is being written, so a reader never takes an overwritten slot for another. */
    private final AtomicLongArray sequences = new AtomicLongArray(CAPACITY);
    private final AtomicLong written = new AtomicLong();
    private volatile boolean watched;
    private volatile long watchedUntil;

    @Override
    public boolean detailed() {
        return watched;
    }

    @Override
    public void completed(Entry entry) {
        if (!watched) {
            return;
        }
        long sequence = written.getAndIncrement();
        int slot = (int) (sequence & (CAPACITY - 1));
        sequences.set(slot, -1);
        entries.set(slot, entry);
        sequences.set(slot, sequence);
    }

    /** A page reads: keep recording for another {@link #WATCH_MILLIS}. */
    void watch(long now) {
        watchedUntil = now + WATCH_MILLIS;
        watched = true;
    }

    /** Stops recording, and lets go of the entries, once no page has read for a while. */
    void expire(long now) {
        if (watched && now > watchedUntil) {
            watched = false;
            for (int i = 0; i < CAPACITY; i++) {
                entries.set(i, null);
            }
        }
    }

    /**
     * The newest entries after sequence {@code after} (all in the ring when negative) that match,
     * at most {@link #MAX_LINES}, oldest first; with the sequence to read from next and how many
     * matching or overwritten entries were skipped.
     */
    JsonObject since(long after, Filter filter, String node) {
        long next = written.get();
        long from = Math.max(Math.max(0, after), next - CAPACITY);
        long skipped = after >= 0 && after < from ? from - after : 0;
        Deque<JsonObject> lines = new ArrayDeque<>();
        for (long sequence = next - 1; sequence >= from; sequence--) {
            int slot = (int) (sequence & (CAPACITY - 1));
            Entry entry = entries.get(slot);
            if (entry == null || sequences.get(slot) != sequence || !filter.matches(entry)) {
                continue;
            }
            if (lines.size() < MAX_LINES) {
                lines.addFirst(line(sequence, entry, node));
            } else {
                skipped++;
            }
        }
        return new JsonObject().put("next", next).put("skipped", skipped).put("lines", new JsonArray(lines.stream().toList()));
    }

    private static JsonObject line(long sequence, Entry entry, String node) {
        JsonObject line = new JsonObject()
                .put("seq", sequence)
                .put("time", entry.startedAtMillis())
                .put("node", node)
                .put("client", entry.client())
                .put("method", entry.method())
                .put("url", entry.uri())
                .put("status", entry.status())
                .put("cache", entry.outcome().name())
                .put("route", entry.route())
                .put("bytes", entry.bytes())
                .put("ms", entry.totalMicros() / 1000.0)
                .put("cacheStatus", entry.cacheStatus());
        if (entry.originMicros() >= 0) {
            line.put("originMs", entry.originMicros() / 1000.0);
        }
        return line;
    }
}
