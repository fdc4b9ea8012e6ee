package io.tiercache.cluster;

import java.util.List;
import java.util.UUID;

/**
 * The answer to a purge: the stored responses it covered (their URLs, one per variant), and which
 * members confirmed that they will not serve them as fresh any more (and which did not within the
 * timeout).
 *
 * @param applied false when the shared map's purge had not finished within the timeout (a member
 *                hangs); it goes on, and every member that acknowledged already refuses the
 *                purged entries, but {@code urls} is then incomplete
 */
public record PurgeResult(UUID id, List<String> urls, boolean applied, List<String> acknowledged,
                          List<String> missing, long elapsedMillis) {

    public int purged() {
        return urls.size();
    }

    public boolean complete() {
        return applied && missing.isEmpty();
    }
}
