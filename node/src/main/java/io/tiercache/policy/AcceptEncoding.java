package io.tiercache.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Accept-Encoding (RFC 9110 §12.5.3) reduced to the content codings this cache stores and serves,
 * as Varnish normalises it, so that its many spellings do not fragment the cache: a request is
 * {@code br} when it accepts Brotli, else {@code gzip} when it accepts gzip, else {@code identity}.
 * A response varying on Accept-Encoding is stored under the coding it has (its <em>slot</em>), one
 * stored representation per coding actually used, and a request may be served from any slot whose
 * representation it accepts or the cache can decode for it.
 *
 * <p>Slots: {@code br}; {@code gzip} (which the cache decompresses for a client that does not take
 * gzip); {@code gzip;as-is}, a gzip representation the cache leaves as it is (no-transform, RFC 9111
 * §5.2.2.6, or one it could not check); {@code identity}. An identity response goes to the slot of
 * the best coding the fill offered the origin: the origin declined to code it, so it serves every
 * request that would have been offered the same.
 */
public final class AcceptEncoding {

    public static final String BR = "br";
    public static final String GZIP = "gzip";
    public static final String GZIP_AS_IS = "gzip;as-is";
    public static final String IDENTITY = "identity";

    private static final BigDecimal UNLISTED = BigDecimal.valueOf(-1);

    /** What a request accepts of the codings that matter here. */
    private record Accepted(boolean br, boolean gzip) {
    }

    private AcceptEncoding() {
    }

    /** The coding a request prefers among br, gzip and identity: its variant-key value. */
    public static String normalised(String value) {
        Accepted accepted = accepted(value);
        return accepted.br() ? BR : accepted.gzip() ? GZIP : IDENTITY;
    }

    /** Whether the request takes a gzip-coded response as it is. */
    public static boolean acceptsGzip(String value) {
        return accepted(value).gzip();
    }

    /** Whether the request takes a Brotli-coded response as it is. */
    public static boolean acceptsBr(String value) {
        return accepted(value).br();
    }

    /**
     * The slots that may serve the request, best first; the first is {@link #normalised}. A slot of
     * a coding the request does not take comes only after those it does, and only where the cache
     * can decode it ({@code gzip}).
     */
    public static List<String> slots(String value) {
        Accepted accepted = accepted(value);
        List<String> slots = new ArrayList<>(4);
        if (accepted.br()) {
            slots.add(BR);
        }
        if (accepted.gzip()) {
            slots.add(GZIP);
            slots.add(GZIP_AS_IS);
        } else {
            slots.add(IDENTITY);
            slots.add(GZIP);
        }
        return slots;
    }

    /**
     * The Accept-Encoding a fill sends the origin: the codings of the request's slots that it takes
     * as they are, in one spelling, so that what the origin answers is stored where every request
     * of the same normalised value finds it.
     */
    public static String offered(String value) {
        Accepted accepted = accepted(value);
        if (accepted.br()) {
            return accepted.gzip() ? "br, gzip" : BR;
        }
        return accepted.gzip() ? GZIP : IDENTITY;
    }

    /**
     * The slot a response is stored under.
     *
     * @param offered         the Accept-Encoding the origin was sent ({@link #offered})
     * @param contentEncoding the response's Content-Encoding, or null
     * @param decodable       whether the cache may decode a gzip body of it for clients that do not take gzip
     */
    public static String storedSlot(String offered, String contentEncoding, boolean decodable) {
        String coding = coding(contentEncoding);
        if (coding.equals(GZIP)) {
            return decodable ? GZIP : GZIP_AS_IS;
        }
        if (!coding.equals(IDENTITY)) {
            return coding;
        }
        Accepted accepted = accepted(offered);
        return accepted.gzip() ? GZIP : accepted.br() ? BR : IDENTITY;
    }

    /**
     * The content coding of a response (RFC 9110 §8.4): {@code identity} without Content-Encoding,
     * {@code gzip} for gzip and x-gzip (§8.4.1.3); several codings are returned as they are spelled.
     */
    public static String coding(String contentEncoding) {
        if (contentEncoding == null) {
            return IDENTITY;
        }
        String coding = contentEncoding.trim().toLowerCase(Locale.ROOT);
        if (coding.isEmpty() || coding.equals(IDENTITY)) {
            return IDENTITY;
        }
        return coding.equals("x-gzip") ? GZIP : coding;
    }

    /**
     * §12.5.3: a coding is acceptable when listed with q>0, or, unlisted, when {@code *} is listed
     * with q>0; gzip and x-gzip are one coding (§8.4.1.3). Brotli counts only when named: {@code *}
     * is taken to mean gzip, which every client that sends it decodes. A request without the field
     * is taken to want identity, as Varnish and nginx take it, although §12.5.3 lets it mean any
     * coding: clients that send none (scripts, probes) mostly cannot decode any. An invalid weight
     * counts as q=1, a malformed member is skipped.
     */
    private static Accepted accepted(String value) {
        if (value == null || value.isEmpty()) {
            return new Accepted(false, false);
        }
        BigDecimal br = UNLISTED;
        BigDecimal gzip = UNLISTED;
        BigDecimal any = UNLISTED;
        for (String member : value.split(",")) {
            int semicolon = member.indexOf(';');
            String name = (semicolon < 0 ? member : member.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
            BigDecimal weight = semicolon < 0 ? BigDecimal.ONE : weight(member.substring(semicolon + 1));
            switch (name) {
                case BR -> br = br.max(weight);
                case GZIP, "x-gzip" -> gzip = gzip.max(weight);
                case "*" -> any = any.max(weight);
                default -> {
                }
            }
        }
        boolean gzipAccepted = gzip.signum() > 0 || (gzip.compareTo(UNLISTED) == 0 && any.signum() > 0);
        return new Accepted(br.signum() > 0, gzipAccepted);
    }

    /** RFC 9110 §12.4.2: the {@code q} parameter among a member's parameters; 1 without one or when unreadable. */
    private static BigDecimal weight(String parameters) {
        for (String parameter : parameters.split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.length() > 2 && trimmed.substring(0, 2).equalsIgnoreCase("q=")) {
                try {
                    BigDecimal weight = new BigDecimal(trimmed.substring(2).trim());
                    return weight.signum() < 0 || weight.compareTo(BigDecimal.ONE) > 0 ? BigDecimal.ONE : weight;
                } catch (NumberFormatException unreadable) {
                    return BigDecimal.ONE;
                }
            }
        }
        return BigDecimal.ONE;
    }
}
