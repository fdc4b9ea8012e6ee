package io.tiercache.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The byte-size syntax of the config file: a plain integer is bytes; {@code k}, {@code m} and
 * {@code g} (also written {@code kb}/{@code kib}, {@code mb}/{@code mib}, {@code gb}/{@code gib},
 * in any case) are powers of 1024, as in nginx.
 */
public final class SizeValue {
    private static final Pattern SYNTAX = Pattern.compile("(\\d+)(?:([kmg])(?:i?b)?)?", Pattern.CASE_INSENSITIVE);
    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;

    private SizeValue() {
    }

    /**
     * Parses a size into bytes.
     *
     * @throws IllegalArgumentException with a one-line message quoting the text and the syntax
     */
    public static long parse(String text) {
        Matcher matcher = SYNTAX.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; "
                    + "use bytes or a number with k, m or g such as 512k, 64m or 1g");
        }
        try {
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "" : matcher.group(2).toLowerCase(Locale.ROOT);
            return switch (unit) {
                case "k" -> Math.multiplyExact(amount, KIB);
                case "m" -> Math.multiplyExact(amount, MIB);
                case "g" -> Math.multiplyExact(amount, GIB);
                default -> amount;
            };
        } catch (ArithmeticException | NumberFormatException tooLarge) {
            throw new IllegalArgumentException("'" + text + "' is too large a size", tooLarge);
        }
    }

    /**
     * Formats a size in the largest unit that holds it exactly ({@code 64m}, {@code 1536} bytes stays
     * {@code 1536}), so that {@code parse(format(n))} gives {@code n} back.
     */
    public static String format(long bytes) {
        if (bytes != 0 && bytes % GIB == 0) {
            return bytes / GIB + "g";
        }
        if (bytes != 0 && bytes % MIB == 0) {
            return bytes / MIB + "m";
        }
        if (bytes != 0 && bytes % KIB == 0) {
            return bytes / KIB + "k";
        }
        return Long.toString(bytes);
    }
}
