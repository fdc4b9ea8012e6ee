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
     * A stored copy whose tag is the weak form of the 304's strong one is a transformation of that
     * very representation (a copy this cache compressed or decoded weakens the origin's tag, RFC
     * 9110 §8.8.1), and is updated too.
     */
    public static boolean applies(HeaderFields stored, HeaderFields notModified) {
        EntityTag fresh = EntityTag.parse(notModified.first("ETag"));
        if (fresh == null) {
            return true;
        }
        EntityTag current = EntityTag.parse(stored.first("ETag"));
        return fresh.weak() || transformed(current, fresh) ? fresh.weakMatch(current) : fresh.strongMatch(current);
    }

    /** The stored tag is the weak form of the origin's strong one: the stored body is a transformation of it. */
    private static boolean transformed(EntityTag stored, EntityTag origin) {
        return stored != null && origin != null && stored.weak() && !origin.weak() && stored.weakMatch(origin);
    }

    /**
     * §3.2: every field of the 304 replaces the stored field of that name, except Content-Length and
     * hop-by-hop fields, and the entity tag of a transformed copy, which stays weak.
     */
    public static HeaderList merge(HeaderList stored, HeaderFields notModified) {
        Set<String> connectionTokens = HopByHop.connectionTokens(notModified);
        boolean keepTag = transformed(EntityTag.parse(stored.first("ETag")), EntityTag.parse(notModified.first("ETag")));
        Map<String, HeaderList.Builder> replacements = new LinkedHashMap<>();
        notModified.forEach((name, value) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (!key.equals("content-length") && !HopByHop.isHopByHop(key, connectionTokens)
                    && !(keepTag && key.equals("etag"))) {
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
