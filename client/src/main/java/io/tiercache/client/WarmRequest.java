package io.tiercache.client;

import java.util.List;

/**
 * URLs for the node to fetch through its own proxy and store, without a visitor: after a deploy,
 * or before a launch.
 *
 * @param urls  absolute http(s) URLs, or paths when {@code host} is given
 * @param host  host[:port] for the paths in {@code urls}, or null
 * @param force replace a stored copy even when it is still fresh
 * @throws IllegalArgumentException when there is no URL, or a path has no host to go with it
 */
public record WarmRequest(List<String> urls, String host, boolean force) {

    public WarmRequest {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("give at least one URL to warm");
        }
        for (String url : urls) {
            if (url.startsWith("/")) {
                if (host == null) {
                    throw new IllegalArgumentException("'" + url + "' is a path: give a host or an absolute URL");
                }
            } else if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("'" + url + "' is neither a path nor an http(s) URL");
            }
        }
    }

    /** Absolute URLs, e.g. "https://www.example.com/blog/". */
    public static WarmRequest ofUrls(String... urls) {
        return new WarmRequest(List.of(urls), null, false);
    }

    /** Paths on one host[:port], e.g. ("www.example.com", "/", "/blog/"). */
    public static WarmRequest ofPaths(String host, String... paths) {
        return new WarmRequest(List.of(paths), host, false);
    }

    /** The same warm-up, replacing copies that are still fresh. */
    public WarmRequest forced() {
        return new WarmRequest(urls, host, true);
    }
}
