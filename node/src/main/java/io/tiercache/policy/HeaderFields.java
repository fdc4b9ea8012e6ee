package io.tiercache.policy;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * A read-only view of HTTP header fields with case-insensitive names (RFC 9110 §5.1).
 * The policy rules read headers only through this view, so they work the same on a stored
 * response and on a live Vert.x request.
 */
public interface HeaderFields {

    /** The first value of the field, or null when absent. */
    String first(String name);

    /** Every value of the field in order, or an empty list. */
    List<String> all(String name);

    /** Every field line in order. */
    void forEach(BiConsumer<String, String> action);

    default boolean contains(String name) {
        return first(name) != null;
    }

    /** The field's lines joined as one comma-separated value (RFC 9110 §5.3), or null when absent. */
    default String combined(String name) {
        List<String> values = all(name);
        if (values.isEmpty()) {
            return null;
        }
        return values.size() == 1 ? values.get(0) : String.join(", ", values);
    }

    HeaderFields EMPTY = new HeaderFields() {
        @Override
        public String first(String name) {
            return null;
        }

        @Override
        public List<String> all(String name) {
            return List.of();
        }

        @Override
        public void forEach(BiConsumer<String, String> action) {
        }
    };
}
