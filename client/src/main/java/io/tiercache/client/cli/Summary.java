package io.tiercache.client.cli;

import io.tiercache.client.FetchResult;
import io.tiercache.client.PurgeResult;
import io.tiercache.client.RevalidateResult;
import io.tiercache.client.Stats;
import io.tiercache.client.WarmResult;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** The short human summaries the CLI prints when --json is not given. */
final class Summary {

    private Summary() {
    }

    /** "purged 3 responses; acknowledged by node-1, node-2, node-3 in 7 ms" */
    static String purge(PurgeResult result) {
        return (result.soft() ? "soft-purged " : "purged ") + count(result.purged(), "response")
                + acknowledgement(result.acknowledged(), result.missing(), result.millis());
    }

    static String revalidate(RevalidateResult result) {
        StringBuilder text = new StringBuilder("marked ").append(count(result.purged(), "response")).append(" stale")
                .append(acknowledgement(result.acknowledged(), result.missing(), result.millis()));
        if (result.results().isEmpty()) {
            text.append("; refreshing ").append(count(result.refreshing().size(), "URL"));
        } else {
            text.append("; refreshed:");
            result.results().forEach(fetch -> text.append("\n  ").append(fetch(fetch)));
        }
        return text.toString();
    }

    static String warm(WarmResult result) {
        StringBuilder text = new StringBuilder();
        result.results().forEach(fetch -> text.append(fetch(fetch)).append('\n'));
        long stored = result.results().stream().filter(FetchResult::stored).count();
        long failed = result.results().stream().filter(FetchResult::failed).count();
        text.append("warmed ").append(count(result.results().size(), "URL")).append(": ").append(stored).append(" stored");
        if (failed > 0) {
            text.append(", ").append(failed).append(" failed");
        }
        return text.toString();
    }

    static String stats(Stats stats) {
        StringJoiner counts = new StringJoiner(", ");
        for (Map.Entry<String, Long> count : stats.requests().entrySet()) {
            if (count.getValue() > 0) {
                counts.add(count.getValue() + " " + count.getKey());
            }
        }
        Stats.HotTier hot = stats.hotTier();
        Stats.SharedMap shared = stats.sharedMap();
        return stats.node() + " in a cluster of " + String.join(", ", stats.members()) + "\n"
                + "requests:   " + (counts.length() == 0 ? "none yet" : counts + "; hit ratio " + stats.hitRatio()) + "\n"
                + "hot tier:   " + count(hot.entries(), "entry", "entries") + ", " + bytes(hot.bytes()) + ", "
                + count(hot.evictions(), "eviction") + "\n"
                + "shared map: " + count(shared.entries(), "entry", "entries") + " in the cluster; this member owns "
                + shared.ownedEntries() + " (" + bytes(shared.ownedBytes()) + ") and backs up " + shared.backupEntries();
    }

    /** "200 MISS stored http://host/path", or "failed http://host/path: connection refused" */
    private static String fetch(FetchResult fetch) {
        if (fetch.failed()) {
            return "failed " + fetch.url() + ": " + fetch.error();
        }
        return fetch.status() + " " + (fetch.cacheStatus() == null ? "-" : fetch.cacheStatus()) + " "
                + (fetch.stored() ? "stored" : "not stored") + " " + fetch.url();
    }

    private static String acknowledgement(List<String> acknowledged, List<String> missing, long millis) {
        String text = "; acknowledged by " + (acknowledged.isEmpty() ? "no node" : String.join(", ", acknowledged))
                + " in " + millis + " ms";
        return missing.isEmpty() ? text : text + "; NOT acknowledged by " + String.join(", ", missing);
    }

    private static String count(long n, String singular) {
        return count(n, singular, singular + "s");
    }

    private static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    private static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double kib = bytes / 1024.0;
        return kib < 1024 ? String.format(Locale.ROOT, "%.1f KiB", kib) : String.format(Locale.ROOT, "%.1f MiB", kib / 1024);
    }
}
