package io.tiercache.client;

import java.util.List;

/**
 * The answer to a revalidation: the soft purge's outcome and the URLs being refreshed.
 *
 * @param id           the purge's id, as the nodes log it
 * @param purged       how many stored responses were marked stale
 * @param acknowledged nodes that confirmed the soft purge
 * @param missing      nodes that did not confirm in time
 * @param millis       how long the soft purge took
 * @param refreshing   the absolute URLs the node refreshes
 * @param results      one per refreshed URL when the request asked to wait, otherwise empty
 * @param json         the answer as the node sent it
 */
public record RevalidateResult(String id, int purged, List<String> acknowledged, List<String> missing, long millis,
                               List<String> refreshing, List<FetchResult> results, String json) {

    public RevalidateResult {
        acknowledged = List.copyOf(acknowledged);
        missing = List.copyOf(missing);
        refreshing = List.copyOf(refreshing);
        results = List.copyOf(results);
    }

    /** Every cluster member confirmed the soft purge. */
    public boolean complete() {
        return missing.isEmpty();
    }
}
