package io.tiercache.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A targeted cache-control field such as CDN-Cache-Control (RFC 9213): a Structured Fields
 * Dictionary of cache response directives, with the semantics of Cache-Control (§2.2).
 */
public final class TargetedCacheControl {

    private TargetedCacheControl() {
    }

    /**
     * The field's directives, or empty when it is absent, empty or not a valid Dictionary: such a
     * field is ignored as if it were not there (RFC 9213 §2.1).
     */
    public static Optional<CacheControl> parse(List<String> lines) {
        Optional<StructuredFieldDictionary> dictionary;
        try {
            dictionary = StructuredFieldDictionary.parse(lines);
        } catch (StructuredFieldDictionary.Invalid invalid) {
            return Optional.empty();
        }
        return dictionary.filter(parsed -> !parsed.isEmpty()).map(TargetedCacheControl::directives);
    }

    private static CacheControl directives(StructuredFieldDictionary dictionary) {
        Map<String, StructuredFieldDictionary.Member> members = dictionary.members();
        return new CacheControl(
                freshness(members.get("max-age")),
                freshness(members.get("s-maxage")),
                -1,
                -1,
                seconds(members.get("stale-while-revalidate")),
                seconds(members.get("stale-if-error")),
                flagOrFieldNames(members.get("no-cache")),
                flag(members.get("no-store")),
                flagOrFieldNames(members.get("private")),
                flag(members.get("public")),
                flag(members.get("must-revalidate")),
                flag(members.get("proxy-revalidate")),
                false,
                flag(members.get("immutable")),
                flag(members.get("must-understand")),
                false);
    }

    /**
     * An Integer of seconds, capped as RFC 9111 §1.2.2 says; any other value is invalid freshness,
     * which makes the response stale (§4.2.1), as in Cache-Control. Parameters are ignored (§2.1).
     */
    private static long freshness(StructuredFieldDictionary.Member member) {
        if (member == null) {
            return -1;
        }
        long seconds = seconds(member);
        return seconds < 0 ? 0 : seconds;
    }

    /** An Integer of seconds, or -1: a value of another type is not consumed (RFC 9213 §2.1). */
    private static long seconds(StructuredFieldDictionary.Member member) {
        if (member instanceof StructuredFieldDictionary.Item item && item.value() instanceof Long seconds
                && seconds >= 0) {
            return Math.min(seconds, CacheControl.DELTA_SECONDS_CAP);
        }
        return -1;
    }

    /** A directive without a value is Boolean true; {@code ?0} or a value of another type does not apply. */
    private static boolean flag(StructuredFieldDictionary.Member member) {
        return member instanceof StructuredFieldDictionary.Item item && Boolean.TRUE.equals(item.value());
    }

    /** no-cache and private may name fields in a String; like Cache-Control's, treated as unqualified. */
    private static boolean flagOrFieldNames(StructuredFieldDictionary.Member member) {
        return flag(member) || member instanceof StructuredFieldDictionary.Item item && item.value() instanceof String;
    }
}
