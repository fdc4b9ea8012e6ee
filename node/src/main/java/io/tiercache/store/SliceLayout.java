package io.tiercache.store;

/**
 * How an object too large to fetch in one piece is kept (like nginx's slice module): its complete
 * length cut into slices of one size, each slice its own shared-map entry, fetched with a Range
 * request and coalesced like any key. The object's own entry holds its head and this layout.
 *
 * @param length     the object's complete length in bytes
 * @param sliceBytes the size of every slice but the last
 */
public record SliceLayout(long length, long sliceBytes) {

    public SliceLayout {
        if (length < 0 || sliceBytes <= 0) {
            throw new IllegalArgumentException("a slice layout needs a length >= 0 and a slice size > 0");
        }
    }

    public int count() {
        return (int) ((length + sliceBytes - 1) / sliceBytes);
    }

    /** The slice that holds byte {@code offset}. */
    public int sliceOf(long offset) {
        return (int) (offset / sliceBytes);
    }

    /** The offset of the first byte of slice {@code index}. */
    public long first(int index) {
        return index * sliceBytes;
    }

    /** The offset of the last byte of slice {@code index}. */
    public long last(int index) {
        return Math.min(length, (index + 1) * sliceBytes) - 1;
    }
}
