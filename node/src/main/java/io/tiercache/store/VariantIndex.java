package io.tiercache.store;

import java.util.List;
import java.util.Objects;

/**
 * Stored under a URL's primary key when its responses carry Vary: the request fields they vary
 * on, and the variant keys stored (oldest first, so the cap evicts the least recently stored).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9111#section-4.1">RFC 9111 §4.1</a>
 */
public final class VariantIndex extends StoredEntry {

    private static final String[] NO_TAGS = new String[0];

    private final List<String> varyFields;
    private final List<String> variantKeys;
    private final long expiresAt;

    public VariantIndex(CacheLocation location, List<String> varyFields, List<String> variantKeys, long expiresAt) {
        super(location);
        this.varyFields = List.copyOf(Objects.requireNonNull(varyFields, "varyFields"));
        this.variantKeys = List.copyOf(Objects.requireNonNull(variantKeys, "variantKeys"));
        this.expiresAt = expiresAt;
    }

    /** Lower-case field names, as {@link io.tiercache.policy.Vary#fieldNames} returns them. */
    public List<String> varyFields() {
        return varyFields;
    }

    public List<String> variantKeys() {
        return variantKeys;
    }

    /** When the longest-lived variant leaves the map; the index lives as long. */
    public long expiresAt() {
        return expiresAt;
    }

    @Override
    public String[] getTags() {
        return NO_TAGS;
    }

    long estimatedBytes() {
        long bytes = 64L + location().estimatedBytes();
        for (String key : variantKeys) {
            bytes += 40L + 2L * key.length();
        }
        return bytes;
    }
}
