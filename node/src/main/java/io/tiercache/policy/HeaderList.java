package io.tiercache.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * An immutable, ordered list of header field lines. This is how a stored response keeps its
 * headers: compact (two parallel arrays), cheap to serialize, and order-preserving.
 */
public final class HeaderList implements HeaderFields {

    public static final HeaderList EMPTY = new HeaderList(new String[0], new String[0]);

    private final String[] names;
    private final String[] values;

    private HeaderList(String[] names, String[] values) {
        this.names = names;
        this.values = values;
    }

    public static HeaderList of(String... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("name/value pairs expected");
        }
        Builder builder = builder();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            builder.add(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return builder.build();
    }

    public static HeaderList copyOf(HeaderFields fields) {
        if (fields instanceof HeaderList list) {
            return list;
        }
        Builder builder = builder();
        fields.forEach(builder::add);
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return names.length;
    }

    public String name(int index) {
        return names[index];
    }

    public String value(int index) {
        return values[index];
    }

    @Override
    public String first(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return values[i];
            }
        }
        return null;
    }

    @Override
    public List<String> all(String name) {
        List<String> found = null;
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                if (found == null) {
                    found = new ArrayList<>(2);
                }
                found.add(values[i]);
            }
        }
        return found == null ? List.of() : found;
    }

    @Override
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < names.length; i++) {
            action.accept(names[i], values[i]);
        }
    }

    /** A copy without the named fields (names compared case-insensitively). */
    public HeaderList without(Collection<String> fieldNames) {
        if (fieldNames.isEmpty()) {
            return this;
        }
        Builder builder = builder();
        for (int i = 0; i < names.length; i++) {
            if (!containsIgnoreCase(fieldNames, names[i])) {
                builder.add(names[i], values[i]);
            }
        }
        return builder.size() == names.length ? this : builder.build();
    }

    /** A copy where every line of {@code name} is replaced by one line with {@code value}. */
    public HeaderList with(String name, String value) {
        Builder builder = builder();
        boolean placed = false;
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                if (!placed) {
                    builder.add(name, value);
                    placed = true;
                }
            } else {
                builder.add(names[i], values[i]);
            }
        }
        if (!placed) {
            builder.add(name, value);
        }
        return builder.build();
    }

    /** Approximate heap cost, used to weigh entries in the hot tier. */
    public long estimatedBytes() {
        long bytes = 32L + 16L * names.length;
        for (int i = 0; i < names.length; i++) {
            bytes += 40L + names[i].length() + values[i].length();
        }
        return bytes;
    }

    static boolean containsIgnoreCase(Collection<String> haystack, String needle) {
        for (String candidate : haystack) {
            if (candidate.equalsIgnoreCase(needle)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HeaderList that
                && Arrays.equals(names, that.names)
                && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(names), Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            text.append(names[i]).append(": ").append(values[i]).append('\n');
        }
        return text.toString();
    }

    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<String> values = new ArrayList<>();

        public Builder add(String name, String value) {
            names.add(Objects.requireNonNull(name, "name"));
            values.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder addAll(HeaderFields fields) {
            fields.forEach(this::add);
            return this;
        }

        public int size() {
            return names.size();
        }

        public HeaderList build() {
            return names.isEmpty() ? EMPTY : new HeaderList(names.toArray(new String[0]), values.toArray(new String[0]));
        }
    }

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
