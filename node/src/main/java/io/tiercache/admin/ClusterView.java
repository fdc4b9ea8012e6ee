package io.tiercache.admin;

import io.tiercache.proxy.CacheOutcome;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node knows of every member from their reports: the latest figures of each, and, one
 * step at a time, the cluster's rates for the charts. Reports carry counts since the member
 * started, so a lost report loses nothing: the next step counts from the last report it used.
 * Reports arrive on Hazelcast's event thread; steps are taken on one Vert.x context.
 */
final class ClusterView {

    /** A member that has not reported for this long is shown as silent. */
    static final long SILENT_AFTER_MILLIS = 5_000;
    /** A member gone from the cluster is forgotten once silent this long. */
    static final long FORGET_AFTER_MILLIS = 60_000;

    private record Report(long sentAt, long receivedAt, JsonObject figures) {

        long startedAt() {
            return figures.getLong("startedAt", 0L);
        }

        long[] counts(String field) {
            JsonArray array = figures.getJsonArray(field, new JsonArray());
            long[] counts = new long[array.size()];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = array.getLong(i);
            }
            return counts;
        }
    }

    private final Map<String, Report> latest = new ConcurrentHashMap<>();
    /** The report each member's rates were last counted up to; the stepping context only. */
    private final Map<String, Report> counted = new HashMap<>();
    private final Map<String, JsonObject> memberRates = new HashMap<>();
    private final ChartHistory history;

    ClusterView(ChartHistory history) {
        this.history = history;
    }

    /** A member's figures arrived; an older report than the one held (reordered) is ignored. */
    void receive(String node, long sentAt, String body, long now) {
        JsonObject figures;
        try {
            figures = new JsonObject(body);
        } catch (DecodeException unreadable) {
            return;
        }
        latest.merge(node, new Report(sentAt, now, figures), (held, arrived) -> arrived.sentAt() >= held.sentAt() ? arrived : held);
    }

    ChartHistory history() {
        return history;
    }

    /**
     * Counts what every member did since the previous step into one chart point, and returns the
     * overview: every member (those in the cluster and those still reporting), with totals.
     *
     * @param members the node names of the cluster's members as this node sees them
     */
    JsonObject step(long now, List<String> members) {
        Window window = new Window();
        latest.entrySet().removeIf(entry -> !members.contains(entry.getKey())
                && now - entry.getValue().receivedAt() > FORGET_AFTER_MILLIS);
        counted.keySet().retainAll(latest.keySet());
        memberRates.keySet().retainAll(latest.keySet());
        for (Map.Entry<String, Report> entry : latest.entrySet()) {
            String node = entry.getKey();
            Report current = entry.getValue();
            Report before = counted.get(node);
            if (before == null || before.startedAt() != current.startedAt()) {
                counted.put(node, current);
            } else if (current.sentAt() > before.sentAt()) {
                memberRates.put(node, window.add(before, current));
                counted.put(node, current);
            }
        }
        JsonObject overview = overview(now, members, window);
        if (window.members > 0) {
            double[] point = window.point(now);
            history.add(point);
            overview.put("point", ChartHistory.point(point));
        }
        return overview;
    }

    private JsonObject overview(long now, List<String> members, Window window) {
        Set<String> names = new LinkedHashSet<>(new TreeSet<>(members));
        names.addAll(new TreeSet<>(latest.keySet()));
        JsonArray rows = new JsonArray();
        long hotEntries = 0;
        long hotBytes = 0;
        long sharedEntries = 0;
        long sharedBytes = 0;
        int ready = 0;
        for (String node : names) {
            Report report = latest.get(node);
            JsonObject row = new JsonObject().put("node", node).put("member", members.contains(node));
            if (report == null) {
                rows.add(row.put("silent", true));
                continue;
            }
            JsonObject figures = report.figures();
            JsonObject hot = figures.getJsonObject("hot", new JsonObject());
            JsonObject shared = figures.getJsonObject("shared", new JsonObject());
            boolean silent = now - report.receivedAt() > SILENT_AFTER_MILLIS;
            row.put("silent", silent)
                    .put("address", figures.getString("address"))
                    .put("proxy", figures.getString("proxy"))
                    .put("admin", figures.getString("admin"))
                    .put("phase", figures.getString("phase"))
                    .put("uptimeSeconds", Math.max(0, (report.sentAt() - report.startedAt()) / 1000))
                    .put("reportAgeSeconds", Math.max(0, (now - report.receivedAt()) / 1000))
                    .put("hot", hot)
                    .put("shared", shared);
            JsonObject rates = memberRates.get(node);
            if (rates != null && !silent) {
                row.mergeIn(rates);
            }
            rows.add(row);
            hotEntries += hot.getLong("entries", 0L);
            hotBytes += hot.getLong("bytes", 0L);
            sharedEntries += shared.getLong("entries", 0L);
            sharedBytes += shared.getLong("bytes", 0L);
            if (!silent && "ready".equals(figures.getString("phase"))) {
                ready++;
            }
        }
        JsonObject totals = new JsonObject()
                .put("members", members.size())
                .put("ready", ready)
                .put("hot", new JsonObject().put("entries", hotEntries).put("bytes", hotBytes))
                .put("shared", new JsonObject().put("entries", sharedEntries).put("bytes", sharedBytes));
        if (window.members > 0) {
            totals.put("requestsPerSecond", round(window.requestsPerSecond())).put("hitRatio", window.hitRatio());
        }
        return new JsonObject().put("members", rows).put("totals", totals);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** What the members did between their previous counted report and their latest one, summed. */
    private static final class Window {
        private final double[] perSecond = new double[CacheOutcome.values().length];
        private final long[] requests = new long[CacheOutcome.values().length];
        private final long[] origin = new long[LatencyHistogram.BUCKETS];
        private final long[] purges = new long[LatencyHistogram.BUCKETS];
        private double originPerSecond;
        private long purgeCount;
        private int members;

        /** Adds one member's differences; returns its own rate and hit ratio. */
        JsonObject add(Report before, Report current) {
            double seconds = (current.sentAt() - before.sentAt()) / 1000.0;
            long[] requestsNow = current.counts("requests");
            long[] requestsBefore = before.counts("requests");
            long[] own = new long[requests.length];
            long all = 0;
            for (int i = 0; i < Math.min(own.length, Math.min(requestsNow.length, requestsBefore.length)); i++) {
                own[i] = Math.max(0, requestsNow[i] - requestsBefore[i]);
                requests[i] += own[i];
                perSecond[i] += own[i] / seconds;
                all += own[i];
            }
            originPerSecond += difference(current.counts("origin"), before.counts("origin"), origin) / seconds;
            purgeCount += difference(current.counts("purges"), before.counts("purges"), purges);
            members++;
            JsonObject rates = new JsonObject().put("requestsPerSecond", round(all / seconds));
            return all == 0 ? rates : rates.put("hitRatio", RequestCounts.hitRatio(own));
        }

        /** Adds now − before to {@code into}, bucket by bucket; returns the number counted. */
        private static long difference(long[] now, long[] before, long[] into) {
            long counted = 0;
            for (int i = 0; i < Math.min(into.length, Math.min(now.length, before.length)); i++) {
                long added = Math.max(0, now[i] - before[i]);
                into[i] += added;
                counted += added;
            }
            return counted;
        }

        double requestsPerSecond() {
            double sum = 0;
            for (double rate : perSecond) {
                sum += rate;
            }
            return sum;
        }

        Double hitRatio() {
            long all = 0;
            for (long count : requests) {
                all += count;
            }
            return all == 0 ? null : RequestCounts.hitRatio(requests);
        }

        double[] point(long now) {
            List<Double> point = new ArrayList<>();
            point.add(now / 1000.0);
            for (double rate : perSecond) {
                point.add(rate);
            }
            Double ratio = hitRatio();
            point.add(ratio == null ? Double.NaN : ratio);
            point.add(originPerSecond);
            point.add(LatencyHistogram.quantileMillis(origin, 0.5));
            point.add(LatencyHistogram.quantileMillis(origin, 0.99));
            point.add((double) purgeCount);
            point.add(LatencyHistogram.quantileMillis(purges, 0.5));
            point.add(LatencyHistogram.quantileMillis(purges, 0.99));
            return point.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }
}
