package io.tiercache.client;

import java.util.List;

/**
 * What to purge: exact URLs (path and query, every Vary variant), path prefixes and tags
 * (surrogate keys), optionally on one host only. An entry matches when any one part matches. A
 * soft purge marks matches stale instead of removing them, so every node keeps serving the old
 * copy while one refresh runs.
 *
 * @param urls     paths with their query, e.g. "/blog/post?page=2"
 * @param prefixes path prefixes, e.g. "/blog/"
 * @param tags     surrogate keys, as the origin sent them in Surrogate-Key or Cache-Tag
 * @param host     host[:port] as in the Host header, or null for every host
 * @param soft     mark stale instead of removing
 * @throws IllegalArgumentException when nothing is named or a URL or prefix is not a path
 */
public record PurgeRequest(List<String> urls, List<String> prefixes, List<String> tags, String host, boolean soft) {

    public PurgeRequest {
        urls = List.copyOf(urls);
        prefixes = List.copyOf(prefixes);
        tags = List.copyOf(tags);
        Paths.requireAbsolute("urls", urls);
        Paths.requireAbsolute("prefixes", prefixes);
        if (urls.isEmpty() && prefixes.isEmpty() && tags.isEmpty()) {
            throw new IllegalArgumentException("give at least one of urls, prefixes or tags");
        }
        if (host != null && host.contains("/")) {
            throw new IllegalArgumentException("host is host[:port] as in the Host header, got '" + host + "'");
        }
    }

    public static PurgeRequest ofUrls(String... urls) {
        return new PurgeRequest(List.of(urls), List.of(), List.of(), null, false);
    }

    public static PurgeRequest ofPrefixes(String... prefixes) {
        return new PurgeRequest(List.of(), List.of(prefixes), List.of(), null, false);
    }

    public static PurgeRequest ofTags(String... tags) {
        return new PurgeRequest(List.of(), List.of(), List.of(tags), null, false);
    }

    /** The same purge limited to one host[:port]. */
    public PurgeRequest onHost(String host) {
        return new PurgeRequest(urls, prefixes, tags, host, soft);
    }

    /** The same purge, marking stale instead of removing. */
    public PurgeRequest asSoft() {
        return new PurgeRequest(urls, prefixes, tags, host, true);
    }
}
