package io.tiercache.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.tiercache.policy.NormalisedPath;

import java.io.IOException;
import java.net.URI;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.RandomAccess;
import java.util.Set;
import java.util.Locale;

/**
 * What a purge covers: exact URLs (path and query, every Vary variant), path prefixes, and tags
 * (surrogate keys), optionally on one host only. An entry matches when any one part matches.
 *
 * @param pathQueries paths with their query, e.g. "/blog/post?page=2"
 * @param prefixes    path prefixes, e.g. "/blog/"
 * @param tags        surrogate keys
 * @param host        host[:port] in lower case, or null for every host
 */
public record PurgeScope(List<String> pathQueries, List<String> prefixes, List<String> tags, String host) {

    public PurgeScope {
        pathQueries = HashedList.of(pathQueries);
        prefixes = List.copyOf(prefixes);
        tags = HashedList.of(tags);
        host = host == null || host.isBlank() ? null : withoutDefaultPort(host.toLowerCase(Locale.ROOT));
    }

    /** Hosts are stored without the default port, as requests name them. */
    private static String withoutDefaultPort(String host) {
        return host.endsWith(":80") ? host.substring(0, host.length() - 3) : host;
    }

    public static PurgeScope url(String host, String pathQuery) {
        return new PurgeScope(List.of(pathQuery), List.of(), List.of(), host);
    }

    /**
     * Every variant of this absolute URL, on its host.
     *
     * @throws IllegalArgumentException when no request could have its path
     */
    public static PurgeScope url(URI uri) {
        return url(uri.getRawAuthority(), normalisedPathQuery(pathQuery(uri)));
    }

    /**
     * A path with an optional query as stored entries name it: the path normalised as requests' are
     * (RFC 3986 §6.2.2), so that purging {@code /%61pi/x} purges what {@code /api/x} stored.
     *
     * @throws IllegalArgumentException ({@link NormalisedPath.Invalid}) when no request could have that path
     */
    public static String normalisedPathQuery(String pathQuery) {
        int query = pathQuery.indexOf('?');
        String path = NormalisedPath.of(query < 0 ? pathQuery : pathQuery.substring(0, query)).path();
        return query < 0 ? path : path + pathQuery.substring(query);
    }

    /** The path (at least "/") and query of a URI, as stored entries name them. */
    public static String pathQuery(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + '?' + uri.getRawQuery();
    }

    /**
     * This scope with only those of its URLs that are in {@code urls}, and all of its prefixes and
     * tags: what a part of a purge that can only meet entries of those URLs needs to carry.
     */
    public PurgeScope narrowedTo(Collection<String> urls) {
        List<String> kept = new ArrayList<>(Math.min(urls.size(), pathQueries.size()));
        for (String url : urls) {
            if (pathQueries.contains(url)) {
                kept.add(url);
            }
        }
        return new PurgeScope(kept, prefixes, tags, host);
    }

    public void writeTo(ObjectDataOutput out) throws IOException {
        out.writeStringArray(pathQueries.toArray(new String[0]));
        out.writeStringArray(prefixes.toArray(new String[0]));
        out.writeStringArray(tags.toArray(new String[0]));
        out.writeString(host);
    }

    public static PurgeScope readFrom(ObjectDataInput in) throws IOException {
        return new PurgeScope(List.of(in.readStringArray()), List.of(in.readStringArray()), List.of(in.readStringArray()),
                in.readString());
    }

    public boolean isEmpty() {
        return pathQueries.isEmpty() && prefixes.isEmpty() && tags.isEmpty();
    }

    public boolean matches(StoredEntry entry) {
        if (host != null && !host.equals(entry.getHost())) {
            return false;
        }
        if (pathQueries.contains(entry.getPathQuery())) {
            return true;
        }
        String path = entry.getPath();
        for (String prefix : prefixes) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        if (!tags.isEmpty()) {
            for (String tag : entry.getTags()) {
                if (tags.contains(tag)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * An immutable list whose contains() is a hash lookup: a purge of thousands of URLs is matched
     * against every hot copy and every entry read while it is in the purge log.
     */
    private static final class HashedList extends AbstractList<String> implements RandomAccess {
        private final List<String> items;
        private final Set<String> lookup;

        private HashedList(List<String> items) {
            this.items = items;
            this.lookup = new HashSet<>(items);
        }

        static List<String> of(List<String> items) {
            return items instanceof HashedList ? items : new HashedList(List.copyOf(items));
        }

        @Override
        public String get(int index) {
            return items.get(index);
        }

        @Override
        public int size() {
            return items.size();
        }

        @Override
        public boolean contains(Object item) {
            return lookup.contains(item);
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        part(text, "urls", pathQueries);
        part(text, "prefixes", prefixes);
        part(text, "tags", tags);
        if (host != null) {
            text.append("host=").append(host);
        }
        return text.toString().trim();
    }

    /** A purge of thousands of URLs is logged with its first few. */
    private static void part(StringBuilder text, String name, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        int shown = Math.min(items.size(), LOGGED_ITEMS);
        text.append(name).append('=').append(items.subList(0, shown));
        if (shown < items.size()) {
            text.append(" and ").append(items.size() - shown).append(" more");
        }
        text.append(' ');
    }

    private static final int LOGGED_ITEMS = 10;
}
