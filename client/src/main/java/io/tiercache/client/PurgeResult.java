package io.tiercache.client;

import java.util.List;

/**
 * The answer to a purge. Once it is back, no acknowledging node serves the purged responses as
 * fresh; a node named in {@code missing} did not confirm within the cluster's timeout.
 *
 * @param id           the purge's id, as the nodes log it
 * @param purged       how many stored responses it covered (one per Vary variant)
 * @param applied      false when the shared map's purge was still running when the node answered (a
 *                     member hung); it goes on, and acknowledging nodes already refuse the entries
 * @param acknowledged nodes that confirmed
 * @param missing      nodes that did not confirm in time
 * @param millis       how long the purge took, acknowledgements included
 * @param soft         whether matches were marked stale rather than removed
 * @param json         the answer as the node sent it, for logs and for fields this client does not know yet
 */
public record PurgeResult(String id, int purged, boolean applied, List<String> acknowledged, List<String> missing,
                          long millis, boolean soft, String json) {

    public PurgeResult {
        acknowledged = List.copyOf(acknowledged);
        missing = List.copyOf(missing);
    }

    /** Every cluster member confirmed the purge, and the shared map's purge finished. */
    public boolean complete() {
        return applied && missing.isEmpty();
    }
}
