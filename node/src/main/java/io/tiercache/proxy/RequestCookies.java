package io.tiercache.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.MultiMap;

import java.util.List;

/**
 * A request's cookies from all of its Cookie lines, which is how an origin reads them: a client may
 * split them over several lines (RFC 9113 §8.2.3 allows it in HTTP/2, and HTTP/1.1 origins accept
 * it), and a bypass cookie or a key cookie on the second line counts as much as on the first.
 *
 * <p>Read by name alone, as leniently as origins read them (RFC 6265 §5.4 pairs split on ";", the
 * name before the first "="): a strict cookie parser drops a pair whose value it dislikes, and a
 * session cookie must not slip past a bypass rule that way.
 */
final class RequestCookies {

    private static final RequestCookies NONE = new RequestCookies("");

    private final String line;

    private RequestCookies(String line) {
        this.line = line;
    }

    static RequestCookies of(MultiMap headers) {
        String line = line(headers);
        return line == null ? NONE : new RequestCookies(line);
    }

    /** Every Cookie line joined with "; " into one (RFC 9113 §8.2.3), or null when there is none. */
    static String line(MultiMap headers) {
        if (!headers.contains(HttpHeaderNames.COOKIE)) {
            return null;
        }
        List<String> lines = headers.getAll(HttpHeaderNames.COOKIE);
        if (lines.size() == 1) {
            return lines.get(0);
        }
        StringBuilder joined = new StringBuilder();
        for (String line : lines) {
            if (!line.isBlank()) {
                joined.append(joined.isEmpty() ? "" : "; ").append(line.trim());
            }
        }
        return joined.toString();
    }

    /** Whether a cookie of this name is present, whatever its value. */
    boolean contains(String name) {
        for (int start = 0; start <= line.length(); start = next(start)) {
            if (nameAt(start, name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every value of the named cookie in order, as sent, joined by ";" (which no value holds): with
     * the same name twice, origins differ on which one they read, so a key holds both. Empty when absent.
     */
    String values(String name) {
        StringBuilder values = null;
        for (int start = 0; start <= line.length(); start = next(start)) {
            if (nameAt(start, name)) {
                int end = end(start);
                int equals = line.indexOf('=', start);
                String value = equals < 0 || equals > end ? "" : line.substring(equals + 1, end).trim();
                values = values == null ? new StringBuilder(value) : values.append(';').append(value);
            }
        }
        return values == null ? "" : values.toString();
    }

    /** Whether the pair starting at {@code start} (before optional whitespace) has this name. */
    private boolean nameAt(int start, String name) {
        int end = end(start);
        int equals = line.indexOf('=', start);
        int nameEnd = equals < 0 || equals > end ? end : equals;
        int from = start;
        while (from < nameEnd && isWhitespace(line.charAt(from))) {
            from++;
        }
        int to = nameEnd;
        while (to > from && isWhitespace(line.charAt(to - 1))) {
            to--;
        }
        return to - from == name.length() && line.regionMatches(from, name, 0, name.length());
    }

    private int end(int start) {
        int semicolon = line.indexOf(';', start);
        return semicolon < 0 ? line.length() : semicolon;
    }

    private int next(int start) {
        return end(start) + 1;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }
}
