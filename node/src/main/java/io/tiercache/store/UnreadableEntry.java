package io.tiercache.store;

/**
 * An entry written in a format this node does not know, by a newer release during a rolling
 * upgrade. Its location is readable (every format starts with it), so purges still match and
 * remove it; it is never served: a lookup that finds it is a miss, and the fill that follows
 * replaces it.
 */
public final class UnreadableEntry extends StoredEntry {

    private static final String[] NO_TAGS = new String[0];

    private final int format;

    UnreadableEntry(CacheLocation location, int format) {
        super(location);
        this.format = format;
    }

    /** The format version it was written in. */
    public int format() {
        return format;
    }

    @Override
    public String[] getTags() {
        return NO_TAGS;
    }
}
