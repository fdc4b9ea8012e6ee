package io.tiercache.policy;

import java.util.ArrayList;
import java.util.List;

/** An entity-tag (RFC 9110 §8.8.3) and the two ways to compare them. */
public record EntityTag(String opaque, boolean weak) {

    /** Parses one entity-tag such as {@code "abc"} or {@code W/"abc"}; null when malformed. */
    public static EntityTag parse(String value) {
        if (value == null) {
            return null;
        }
        String text = value.trim();
        boolean weak = text.startsWith("W/");
        if (weak) {
            text = text.substring(2);
        }
        if (text.length() < 2 || text.charAt(0) != '"' || text.charAt(text.length() - 1) != '"') {
            return null;
        }
        String opaque = text.substring(1, text.length() - 1);
        return opaque.indexOf('"') >= 0 ? null : new EntityTag(opaque, weak);
    }

    /** Parses an If-None-Match style list; "*" is returned as the single tag {@link #ANY}. */
    public static List<EntityTag> parseList(String value) {
        List<EntityTag> tags = new ArrayList<>();
        if (value == null) {
            return tags;
        }
        if (value.trim().equals("*")) {
            tags.add(ANY);
            return tags;
        }
        int pos = 0;
        while (pos < value.length()) {
            int quote = value.indexOf('"', pos);
            if (quote < 0) {
                break;
            }
            int close = value.indexOf('"', quote + 1);
            if (close < 0) {
                break;
            }
            boolean weak = quote >= 2 && value.startsWith("W/", quote - 2);
            tags.add(new EntityTag(value.substring(quote + 1, close), weak));
            pos = close + 1;
        }
        return tags;
    }

    public static final EntityTag ANY = new EntityTag("*", false);

    /** §8.8.3.2: weak comparison ignores the weak flag. */
    public boolean weakMatch(EntityTag other) {
        return other != null && opaque.equals(other.opaque);
    }

    /** §8.8.3.2: strong comparison needs both tags strong and equal. */
    public boolean strongMatch(EntityTag other) {
        return other != null && !weak && !other.weak && opaque.equals(other.opaque);
    }

    @Override
    public String toString() {
        return (weak ? "W/\"" : "\"") + opaque + '"';
    }
}
