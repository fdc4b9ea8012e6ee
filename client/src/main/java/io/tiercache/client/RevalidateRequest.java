package io.tiercache.client;

import java.util.List;

/**
 * What to revalidate on demand, in the manner of Next.js ISR: the node soft-purges what matches
 * (every node serves the stale copy meanwhile) and refreshes each matched URL at once, so the next
 * visitor gets the new page from cache.
 *
 * @param paths          paths with their query, e.g. "/blog/my-post"
 * @param tags           surrogate keys
 * @param waitForRefresh answer only after the refreshes, with one {@link FetchResult} each ("wait" on the wire)
 * @throws IllegalArgumentException when nothing is named or a path does not start with "/"
 */
public record RevalidateRequest(List<String> paths, List<String> tags, boolean waitForRefresh) {

    public RevalidateRequest {
        paths = List.copyOf(paths);
        tags = List.copyOf(tags);
        Paths.requireAbsolute("paths", paths);
        if (paths.isEmpty() && tags.isEmpty()) {
            throw new IllegalArgumentException("give at least one of paths or tags");
        }
    }

    public static RevalidateRequest ofPaths(String... paths) {
        return new RevalidateRequest(List.of(paths), List.of(), false);
    }

    public static RevalidateRequest ofTags(String... tags) {
        return new RevalidateRequest(List.of(), List.of(tags), false);
    }

    /** The same revalidation, answered after the refreshes. */
    public RevalidateRequest waitingForRefresh() {
        return new RevalidateRequest(paths, tags, true);
    }
}
