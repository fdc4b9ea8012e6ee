package io.tiercache.policy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.SignStyle;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, plus the obsolete RFC 850 and asctime forms that a
 * recipient must accept.
 */
public final class HttpDate {

    /** Returned by {@link #parseSeconds} for a missing or invalid date. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /**
     * RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is the most recent past year
     * with those digits, so the century is the one that puts it at most 50 years ahead.
     */
    private static final int RFC_850_PAST_YEARS = 49;

    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendText(ChronoField.DAY_OF_WEEK, fullDayNames())
            .appendLiteral(", ")
            .appendValue(ChronoField.DAY_OF_MONTH, 2)
            .appendLiteral('-')
            .appendText(ChronoField.MONTH_OF_YEAR, TextStyle.SHORT)
            .appendLiteral('-')
            .appendValueReduced(ChronoField.YEAR, 2, 2, LocalDate.now(ZoneOffset.UTC).getYear() - RFC_850_PAST_YEARS)
            .appendLiteral(' ')
            .appendPattern("HH:mm:ss")
            .appendLiteral(" GMT")
            .toFormatter(Locale.US)
            .withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("EEE MMM")
            .appendLiteral(' ')
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.DAY_OF_MONTH, 1, 2, SignStyle.NOT_NEGATIVE)
            .appendLiteral(' ')
            .appendPattern("HH:mm:ss yyyy")
            .toFormatter(Locale.US)
            .withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter IMF_PARSER = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'")
            .toFormatter(Locale.US)
            .withZone(ZoneOffset.UTC);

    private HttpDate() {
    }

    /** Epoch seconds of an HTTP-date, or {@link #INVALID}. */
    public static long parseSeconds(String value) {
        if (value == null) {
            return INVALID;
        }
        String text = value.trim();
        if (text.isEmpty()) {
            return INVALID;
        }
        for (DateTimeFormatter format : new DateTimeFormatter[] {IMF_PARSER, RFC_850, ASCTIME}) {
            try {
                return ZonedDateTime.parse(text, format).toEpochSecond();
            } catch (DateTimeParseException notThisForm) {
                // try the next form
            }
        }
        return INVALID;
    }

    public static String format(long epochSeconds) {
        return IMF_FIXDATE.format(java.time.Instant.ofEpochSecond(epochSeconds));
    }

    private static Map<Long, String> fullDayNames() {
        Map<Long, String> names = new java.util.HashMap<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            names.put((long) day.getValue(), day.getDisplayName(TextStyle.FULL, Locale.US));
        }
        return names;
    }
}
