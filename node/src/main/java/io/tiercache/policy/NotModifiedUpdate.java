package io.tiercache.policy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Freshening a stored response with a 304 from the origin (RFC 9111 §3.2, §4.3.4). */
public final class NotModifiedUpdate {

    private NotModifiedUpdate() {
    }

    /**
     * §4.3.4: a 304 with a strong validator updates only a stored response with that same strong
     * validator; a weak validator updates the stored response it corresponds to (weak comparison).
     */
    public static boolean applies(HeaderFields stored, HeaderFields notModified) {
        EntityTag fresh = EntityTag.parse(notModified.first("ETag"));
        if (fresh == null) {
            return true;
        }
        EntityTag current = EntityTag.parse(stored.first("ETag"));
        return fresh.weak() ? fresh.weakMatch(current) : fresh.strongMatch(current);
    }

    /** §3.2: every field of the 304 replaces the stored field of that name, except Content-Length and hop-by-hop fields. */
    public static HeaderList merge(HeaderList stored, HeaderFields notModified) {
        Set<String> connectionTokens = HopByHop.connectionTokens(notModified);
        Map<String, HeaderList.Builder> replacements = new LinkedHashMap<>();
        notModified.forEach((name, value) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (!key.equals("content-length") && !HopByHop.isHopByHop(key, connectionTokens)) {
                replacements.computeIfAbsent(key, k -> HeaderList.builder()).add(name, value);
            }
        });
        if (replacements.isEmpty()) {
            return stored;
        }
        HeaderList.Builder merged = HeaderList.builder();
        stored.forEach((name, value) -> {
            if (!replacements.containsKey(name.toLowerCase(Locale.ROOT))) {
                merged.add(name, value);
            }
        });
        replacements.values().forEach(lines -> merged.addAll(lines.build()));
        return merged.build();
    }
}
