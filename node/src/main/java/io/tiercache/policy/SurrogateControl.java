package io.tiercache.policy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Surrogate-Control, the field of the Edge Architecture Specification 1.0 (W3C Note, 2001) that
 * Varnish, Fastly and Akamai read: directives for reverse-proxy caches, which the cache consumes.
 * tiercache obeys {@code max-age} (a trailing {@code +delta}, the ESI grace period, is not used)
 * and {@code no-store}; directives targeted at a named device ({@code max-age=60;abc}) address
 * other surrogates and are skipped, as are {@code no-store-remote} (tiercache sits next to the
 * origin) and {@code content}.
 */
public final class SurrogateControl {

    private SurrogateControl() {
    }

    /** Its max-age and no-store as directives, or empty when it has neither. */
    public static Optional<CacheControl> parse(List<String> lines) {
        long maxAge = -1;
        boolean noStore = false;
        for (String line : lines) {
            for (String member : line.split(",")) {
                String directive = member.trim();
                if (directive.isEmpty() || directive.indexOf(';') >= 0) {
                    continue;
                }
                int equals = directive.indexOf('=');
                String name = (equals < 0 ? directive : directive.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
                if (name.equals("no-store") && equals < 0) {
                    noStore = true;
                } else if (name.equals("max-age") && equals > 0 && maxAge < 0) {
                    String value = directive.substring(equals + 1).trim();
                    int grace = value.indexOf('+');
                    maxAge = CacheControl.deltaSeconds(grace < 0 ? value : value.substring(0, grace));
                }
            }
        }
        if (maxAge < 0 && !noStore) {
            return Optional.empty();
        }
        return Optional.of(new CacheControl(maxAge, -1, -1, -1, -1, -1, false, noStore, false, false, false, false,
                false, false, false, false));
    }
}
