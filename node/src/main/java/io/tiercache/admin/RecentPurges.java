package io.tiercache.admin;

import io.tiercache.cluster.PurgeBus;
import io.tiercache.cluster.PurgeResult;
import io.tiercache.store.PurgeScope;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last {@link #CAPACITY} purges issued anywhere in the cluster, as their issuing members
 * reported them once answered: what they covered, who issued them, how long until every member
 * acknowledged and the shared map was purged, and which members did not acknowledge.
 */
final class RecentPurges {

    static final int CAPACITY = 300;
    /** A purge of thousands of URLs is listed by its first few; the report stays small. */
    static final int LISTED = 20;

    private final Deque<JsonObject> purges = new ArrayDeque<>();
    private long sequence;

    /** The report a member publishes for a purge it issued. */
    static JsonObject report(PurgeScope scope, boolean soft, PurgeResult result, long at) {
        return new JsonObject()
                .put("id", result.id().toString())
                .put("at", at)
                .put("kind", PurgeBus.kind(scope))
                .put("soft", soft)
                .put("host", scope.host())
                .put("urls", listed(scope.pathQueries()))
                .put("prefixes", listed(scope.prefixes()))
                .put("tags", listed(scope.tags()))
                .put("purged", result.purged())
                .put("applied", result.applied())
                .put("acknowledged", new JsonArray(result.acknowledged()))
                .put("missing", new JsonArray(result.missing()))
                .put("millis", result.elapsedMillis());
    }

    private static JsonArray listed(List<String> values) {
        // A copy: JsonArray wraps the list it is given, and the scope's lists are immutable.
        JsonArray listed = new JsonArray(new ArrayList<>(values.subList(0, Math.min(LISTED, values.size()))));
        if (values.size() > LISTED) {
            listed.add("… " + (values.size() - LISTED) + " more");
        }
        return listed;
    }

    synchronized void receive(String node, String body) {
        JsonObject purge;
        try {
            purge = new JsonObject(body);
        } catch (DecodeException unreadable) {
            return;
        }
        purges.addLast(purge.put("node", node).put("seq", ++sequence));
        while (purges.size() > CAPACITY) {
            purges.removeFirst();
        }
    }

    /** The purges received after {@code after} (every one held when 0), oldest first. */
    synchronized JsonArray since(long after) {
        JsonArray newer = new JsonArray();
        for (JsonObject purge : purges) {
            if (purge.getLong("seq") > after) {
                newer.add(purge);
            }
        }
        return newer;
    }

    synchronized long last() {
        return sequence;
    }
}
