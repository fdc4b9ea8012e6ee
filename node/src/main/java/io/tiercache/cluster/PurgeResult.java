package io.tiercache.cluster;

import java.util.List;
import java.util.UUID;

/**
 * The answer to a purge: how many stored responses it covered, and which members confirmed that
 * they will not serve them as fresh any more (and which did not within the timeout).
 */
public record PurgeResult(UUID id, int purged, List<String> acknowledged, List<String> missing, long elapsedMillis) {

    public boolean complete() {
        return missing.isEmpty();
    }
}
