package io.tiercache.store;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.tiercache.policy.NormalisedPath;

import java.io.IOException;
import java.net.URI;
import java.util.List;
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
        pathQueries = List.copyOf(pathQueries);
        prefixes = List.copyOf(prefixes);
        tags = List.copyOf(tags);
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

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (!pathQueries.isEmpty()) {
            text.append("urls=").append(pathQueries).append(' ');
        }
        if (!prefixes.isEmpty()) {
            text.append("prefixes=").append(prefixes).append(' ');
        }
        if (!tags.isEmpty()) {
            text.append("tags=").append(tags).append(' ');
        }
        if (host != null) {
            text.append("host=").append(host);
        }
        return text.toString().trim();
    }
}
