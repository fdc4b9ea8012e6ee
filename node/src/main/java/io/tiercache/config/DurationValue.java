package io.tiercache.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration syntax of the config file, as in nginx: {@code 500ms}, {@code 30s}, {@code 10m},
 * {@code 24h}, {@code 30d}, or a plain non-negative integer meaning seconds.
 */
public final class DurationValue {
    private static final Pattern SYNTAX = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

    private DurationValue() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException with a one-line message quoting the text and the syntax
     */
    public static Duration parse(String text) {
        Matcher matcher = SYNTAX.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; "
                    + "use a number with a unit such as 500ms, 30s, 10m, 24h or 30d");
        }
        try {
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } catch (ArithmeticException | NumberFormatException tooLarge) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration", tooLarge);
        }
    }

    /**
     * Formats a duration in the largest unit that holds it exactly, so that {@code parse(format(d))}
     * gives {@code d} back: 86400 seconds print as {@code 1d}, 90 seconds as {@code 90s}.
     * Durations this syntax cannot express (negative, or finer than a millisecond) print in ISO-8601.
     */
    public static String format(Duration duration) {
        if (duration.isNegative() || duration.getNano() % 1_000_000 != 0) {
            return duration.toString();
        }
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
