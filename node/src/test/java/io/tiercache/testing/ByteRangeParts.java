package io.tiercache.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Bodies for range tests: deterministic bytes where every offset differs, and multipart/byteranges read back. */
public final class ByteRangeParts {

    /** One part of a multipart/byteranges body. */
    public record Part(String contentType, String contentRange, byte[] bytes) {
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");

    private ByteRangeParts() {
    }

    /** {@code length} bytes that differ from one seed to another, so that misplaced or mixed bytes show. */
    public static byte[] pattern(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Bytes {@code first} to {@code last} (both included) of {@code body}. */
    public static byte[] range(byte[] body, long first, long last) {
        return Arrays.copyOfRange(body, (int) first, (int) last + 1);
    }

    /** The parts of a multipart/byteranges body (RFC 9110 §14.6) with this Content-Type. */
    public static List<Part> parse(String contentType, byte[] body) {
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!contentType.startsWith("multipart/byteranges") || !boundary.find()) {
            throw new AssertionError("not multipart/byteranges: " + contentType);
        }
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary.group(1);
        List<Part> parts = new ArrayList<>();
        int at = text.indexOf(delimiter);
        while (at >= 0 && !text.startsWith(delimiter + "--", at)) {
            int headEnd = text.indexOf("\r\n\r\n", at);
            String[] lines = text.substring(at + delimiter.length(), headEnd).trim().split("\r\n");
            String type = null;
            String range = null;
            for (String line : lines) {
                int colon = line.indexOf(':');
                String name = line.substring(0, colon).trim();
                if (name.equalsIgnoreCase("Content-Type")) {
                    type = line.substring(colon + 1).trim();
                } else if (name.equalsIgnoreCase("Content-Range")) {
                    range = line.substring(colon + 1).trim();
                }
            }
            int next = text.indexOf("\r\n" + delimiter, headEnd + 4);
            parts.add(new Part(type, range, Arrays.copyOfRange(body, headEnd + 4, next)));
            at = next + 2;
        }
        if (at < 0) {
            throw new AssertionError("multipart body without a closing delimiter");
        }
        return parts;
    }
}
