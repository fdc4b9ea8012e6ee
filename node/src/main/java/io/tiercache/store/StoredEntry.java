package io.tiercache.store;

/**
 * A value in the shared cache map: a stored response or the index of a URL's Vary variants.
 * Both carry the attributes that purges query by, with getters so that Hazelcast indexes can read
 * them (a purge by URL, prefix or tag finds its entries through an index, not a scan).
 */
public abstract sealed class StoredEntry permits CachedResponse, VariantIndex, UnreadableEntry {

    private final CacheLocation location;

    StoredEntry(CacheLocation location) {
        this.location = location;
    }

    public CacheLocation location() {
        return location;
    }

    /** The cache key before Vary selection: the route's key template applied to the request. */
    public String getPrimaryKey() {
        return location.primaryKey();
    }

    public String getUrl() {
        return location.url();
    }

    public String getHost() {
        return location.host();
    }

    public String getPath() {
        return location.path();
    }

    public String getPathQuery() {
        return location.pathQuery();
    }

    public abstract String[] getTags();
}
