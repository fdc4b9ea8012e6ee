package io.tiercache.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Accept-Language (RFC 9110 §12.5.4) in one spelling per meaning, so that requests that ask for the
 * same thing select the same stored variant (RFC 9111 §4.1 allows normalising "in a way that is
 * known to have identical semantics"): language ranges are case-insensitive (RFC 4647 §2), a
 * missing weight is q=1 and weights are numbers (RFC 9110 §12.4.2), and ranges of equal weight are
 * equally preferred, so their order carries no meaning.
 */
final class AcceptLanguage {

    private record Range(String tag, BigDecimal weight) {
    }

    /** RFC 4647 §2.1: 1*8ALPHA *("-" 1*8alphanum), lower-cased. */
    private static final Pattern LANGUAGE_RANGE = Pattern.compile("[a-z]{1,8}(-[a-z0-9]{1,8})*");
    /** RFC 9110 §12.4.2: qvalue. */
    private static final Pattern QVALUE = Pattern.compile("0(\\.\\d{0,3})?|1(\\.0{0,3})?");

    private static final Comparator<Range> MOST_PREFERRED_FIRST =
            Comparator.comparing(Range::weight).reversed().thenComparing(Range::tag);

    private AcceptLanguage() {
    }

    /** The canonical form, e.g. {@code "de,en;q=0.5"}, or null when the value is not valid Accept-Language. */
    static String normalised(String value) {
        List<Range> ranges = parse(value);
        if (ranges == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (Range range : ranges) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(range.tag());
            if (range.weight().compareTo(BigDecimal.ONE) != 0) {
                out.append(";q=").append(range.weight().stripTrailingZeros().toPlainString());
            }
        }
        return out.toString();
    }

    /**
     * The language tags of the highest weight (several when tied), without {@code *}; none when
     * the value is absent or invalid, or its highest weight is 0.
     */
    static List<String> mostPreferred(String value) {
        List<Range> ranges = value == null ? null : parse(value);
        if (ranges == null || ranges.isEmpty() || ranges.get(0).weight().signum() == 0) {
            return List.of();
        }
        BigDecimal top = ranges.get(0).weight();
        return ranges.stream().filter(range -> range.weight().compareTo(top) == 0 && !range.tag().equals("*"))
                .map(Range::tag).toList();
    }

    /** A Content-Language naming one language (RFC 9110 §8.5), lower-cased; null for none or several. */
    static String single(String contentLanguage) {
        if (contentLanguage == null) {
            return null;
        }
        String tag = contentLanguage.trim().toLowerCase(Locale.ROOT);
        return !tag.equals("*") && isLanguageRange(tag) ? tag : null;
    }

    /** The ranges, most preferred first, or null when the value is not valid Accept-Language. */
    private static List<Range> parse(String value) {
        List<Range> ranges = new ArrayList<>();
        for (String member : value.split(",")) {
            String trimmed = member.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] parts = trimmed.split(";");
            String tag = parts[0].trim().toLowerCase(Locale.ROOT);
            if (!isLanguageRange(tag) || parts.length > 2) {
                return null;
            }
            BigDecimal weight = BigDecimal.ONE;
            if (parts.length == 2) {
                weight = weight(parts[1].trim());
                if (weight == null) {
                    return null;
                }
            }
            ranges.add(new Range(tag, weight));
        }
        ranges.sort(MOST_PREFERRED_FIRST);
        return ranges;
    }

    /** RFC 9110 §12.4.2: {@code q=} then 0 to 1 with up to three decimals. */
    private static BigDecimal weight(String parameter) {
        if (parameter.length() < 3 || !parameter.substring(0, 2).equalsIgnoreCase("q=")) {
            return null;
        }
        String number = parameter.substring(2).trim();
        if (!QVALUE.matcher(number).matches()) {
            return null;
        }
        return new BigDecimal(number.endsWith(".") ? number.substring(0, number.length() - 1) : number);
    }

    /** RFC 4647 §2.1: {@code *}, or 1*8ALPHA *("-" 1*8alphanum). */
    private static boolean isLanguageRange(String tag) {
        return tag.equals("*") || LANGUAGE_RANGE.matcher(tag).matches();
    }
}
