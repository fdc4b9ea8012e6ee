package io.tiercache.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * Access-log lines, formatted into one growing byte buffer on the writer thread: a text line like
 * nginx's with $upstream_cache_status, or a JSON object per line (through Jackson's streaming
 * generator, which escapes what needs escaping). Whole lines only: the buffer is handed out between
 * lines, so a write never carries part of one.
 */
final class AccessLogLines extends OutputStream {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.")
            .withZone(ZoneOffset.UTC);

    private final byte[] node;
    private final boolean json;
    private byte[] bytes;
    private int length;
    private JsonGenerator generator;
    private long renderedSecond = Long.MIN_VALUE;
    private final byte[] stamp = new byte[32];
    private int prefixLength;
    private int timeLength;

    AccessLogLines(String node, boolean json, int initialBytes) {
        this.node = node.getBytes(StandardCharsets.UTF_8);
        this.json = json;
        this.bytes = new byte[initialBytes];
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** Forgets the lines handed out; the buffer keeps its size. */
    void clear() {
        length = 0;
    }

    void append(RequestLog.Entry entry) {
        try {
            if (json) {
                json(entry);
            } else {
                text(entry);
            }
        } catch (IOException cannotHappen) {
            throw new UncheckedIOException(cannotHappen);
        }
    }

    /** Time, client, request line, status, cache outcome, bytes, time taken, origin time, route, node, Cache-Status. */
    private void text(RequestLog.Entry entry) {
        time(entry.startedAtMillis() + entry.totalMicros() / 1000);
        write(stamp, 0, timeLength);
        write(' ');
        ascii(entry.client());
        ascii(" \"");
        ascii(entry.method());
        write(' ');
        ascii(entry.uri());
        ascii("\" ");
        number(entry.status());
        write(' ');
        ascii(entry.outcome().name());
        write(' ');
        number(entry.bytes());
        ascii("B ");
        millis(entry.totalMicros());
        ascii("ms origin=");
        if (entry.originMicros() < 0) {
            write('-');
        } else {
            millis(entry.originMicros());
            ascii("ms");
        }
        ascii(" route=");
        ascii(entry.route());
        ascii(" node=");
        write(node, 0, node.length);
        ascii(" cache-status=\"");
        ascii(entry.cacheStatus());
        ascii("\"\n");
    }

    private void json(RequestLog.Entry entry) throws IOException {
        if (generator == null) {
            generator = JSON.createGenerator(this);
            generator.setRootValueSeparator(null);
        }
        time(entry.startedAtMillis());
        generator.writeStartObject();
        generator.writeFieldName("time");
        generator.writeUTF8String(stamp, 0, timeLength);
        generator.writeStringField("client", entry.client());
        generator.writeStringField("method", entry.method());
        generator.writeStringField("url", entry.uri());
        generator.writeNumberField("status", entry.status());
        generator.writeStringField("cache", entry.outcome().name());
        generator.writeStringField("cacheStatus", entry.cacheStatus());
        generator.writeNumberField("bytes", entry.bytes());
        generator.writeNumberField("ms", entry.totalMicros() / 1000.0);
        generator.writeStringField("route", entry.route());
        generator.writeFieldName("node");
        generator.writeUTF8String(node, 0, node.length);
        if (entry.originMicros() >= 0) {
            generator.writeNumberField("originMs", entry.originMicros() / 1000.0);
        }
        if (entry.collapsed()) {
            generator.writeBooleanField("collapsed", true);
        }
        generator.writeEndObject();
        generator.writeRaw('\n');
        generator.flush();
    }

    /** ISO 8601 in UTC with milliseconds, into {@link #stamp}; the part up to the second is rendered once per second. */
    private void time(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        if (second != renderedSecond) {
            byte[] prefix = SECOND.format(Instant.ofEpochSecond(second)).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(prefix, 0, stamp, 0, prefix.length);
            prefixLength = prefix.length;
            renderedSecond = second;
        }
        int millis = (int) Math.floorMod(epochMillis, 1000);
        int at = prefixLength;
        stamp[at] = (byte) ('0' + millis / 100);
        stamp[at + 1] = (byte) ('0' + millis / 10 % 10);
        stamp[at + 2] = (byte) ('0' + millis % 10);
        stamp[at + 3] = 'Z';
        timeLength = at + 4;
    }

    /** Micros as milliseconds with three decimals. */
    private void millis(long micros) {
        number(micros / 1000);
        write('.');
        int fraction = (int) (micros % 1000);
        write('0' + fraction / 100);
        write('0' + fraction / 10 % 10);
        write('0' + fraction % 10);
    }

    private void number(long value) {
        ascii(Long.toString(value));
    }

    /** Request lines and header values are ASCII; anything else is written as UTF-8. */
    private void ascii(String text) {
        int size = text.length();
        ensure(size);
        for (int i = 0; i < size; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                length -= i;
                byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
                write(encoded, 0, encoded.length);
                return;
            }
            bytes[length++] = (byte) c;
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[length++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
