package io.tiercache.admin;

import com.hazelcast.map.LocalMapStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tiercache.cluster.ClusterMember;
import io.tiercache.cluster.PurgeAuthorization;
import io.tiercache.cluster.PurgeBus;
import io.tiercache.cluster.PurgeResult;
import io.tiercache.config.TierCacheConfig;
import io.tiercache.store.HotTier;
import io.tiercache.store.PurgeScope;
import io.tiercache.store.TieredStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The invalidation and inspection endpoints of the admin listener:
 * {@code POST /purge}, {@code POST /revalidate}, {@code POST /warm} and {@code GET /stats}.
 * Changes need the purge token (Authorization: Bearer) or, for a CMS webhook, the token as the
 * body's "secret"; a rejected call purges nothing.
 */
public final class AdminApi {

    private static final Set<String> PURGE_FIELDS = Set.of("urls", "prefixes", "tags", "soft", "host", "secret");
    private static final Set<String> REVALIDATE_FIELDS = Set.of("paths", "tags", "secret", "wait");
    private static final Set<String> WARM_FIELDS = Set.of("urls", "host", "force", "secret");
    private static final int BODY_LIMIT = 1024 * 1024;

    private final Vertx vertx;
    private final TierCacheConfig config;
    private final PurgeBus purgeBus;
    private final TieredStore store;
    private final ClusterMember member;
    private final MeterRegistry registry;
    private final PurgeAuthorization authorization;
    private final WarmUp warmUp;

    public AdminApi(Vertx vertx, TierCacheConfig config, PurgeBus purgeBus, TieredStore store, ClusterMember member,
                    MeterRegistry registry, String proxyHost, int proxyPort, String internalSecret) {
        this.vertx = vertx;
        this.config = config;
        this.purgeBus = purgeBus;
        this.store = store;
        this.member = member;
        this.registry = registry;
        this.authorization = new PurgeAuthorization(config.admin());
        this.warmUp = new WarmUp(vertx, proxyHost, proxyPort, internalSecret);
    }

    public void register(AdminServer server) {
        server.route("POST /purge", withBody(PURGE_FIELDS, this::purge));
        server.route("POST /revalidate", withBody(REVALIDATE_FIELDS, this::revalidate));
        server.route("POST /warm", withBody(WARM_FIELDS, this::warm));
        server.route("GET /stats", this::stats);
    }

    public Future<Void> close() {
        return warmUp.close();
    }

    private interface BodyHandler {
        void handle(HttpServerRequest request, AdminRequests body);
    }

    /** Reads and checks the body and the caller's credentials before the handler runs. */
    private Handler<HttpServerRequest> withBody(Set<String> fields, BodyHandler handler) {
        return request -> request.body().onComplete(read -> {
            if (read.failed()) {
                AdminServer.json(request.response(), 400, error("could not read the body"));
                return;
            }
            if (read.result().length() > BODY_LIMIT) {
                AdminServer.json(request.response(), 413, error("body over " + BODY_LIMIT + " bytes"));
                return;
            }
            AdminRequests body;
            try {
                body = AdminRequests.parse(read.result().toString(), fields);
            } catch (AdminRequests.Invalid invalid) {
                AdminServer.json(request.response(), 400, error(invalid.getMessage()));
                return;
            }
            if (!authorized(request, body)) {
                return;
            }
            try {
                handler.handle(request, body);
            } catch (AdminRequests.Invalid invalid) {
                AdminServer.json(request.response(), 400, error(invalid.getMessage()));
            }
        });
    }

    private boolean authorized(HttpServerRequest request, AdminRequests body) {
        String secret;
        try {
            secret = body.text("secret");
        } catch (AdminRequests.Invalid invalid) {
            AdminServer.json(request.response(), 400, error(invalid.getMessage()));
            return false;
        }
        if (secret != null) {
            if (authorization.tokenMatches(secret)) {
                return true;
            }
            AdminServer.json(request.response(), 403, error("wrong secret"));
            return false;
        }
        String clientIp = request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress();
        switch (authorization.check(request.getHeader("Authorization"), clientIp)) {
            case ALLOWED -> {
                return true;
            }
            case WRONG_CREDENTIALS -> {
                AdminServer.json(request.response(), 403, error("wrong purge token"));
                return false;
            }
            default -> {
                request.response().putHeader("WWW-Authenticate", "Bearer realm=\"tiercache\"");
                AdminServer.json(request.response(), 401,
                        error("needs Authorization: Bearer <purge token> (or the token as \"secret\" in the body)"));
                return false;
            }
        }
    }

    /** POST /purge {"urls": [...], "prefixes": [...], "tags": [...], "soft": false, "host": "..."} */
    private void purge(HttpServerRequest request, AdminRequests body) {
        PurgeScope scope = new PurgeScope(body.paths("urls"), body.paths("prefixes"), body.strings("tags"), body.text("host"));
        boolean soft = body.flag("soft");
        if (scope.isEmpty()) {
            throw new AdminRequests.Invalid("give at least one of urls, prefixes or tags");
        }
        purgeBus.purge(scope, soft).onComplete(done -> {
            if (done.failed()) {
                AdminServer.json(request.response(), 503, error("purge failed: " + done.cause().getMessage()));
                return;
            }
            AdminServer.json(request.response(), 200, describe(done.result()).put("soft", soft));
        });
    }

    /**
     * POST /revalidate {"paths": [...], "tags": [...]}: on-demand revalidation like Next.js ISR.
     * Soft-purges what matches (every node serves the stale copy meanwhile), then refreshes each
     * matched URL at once, so the next visitor gets the new page from cache. With "wait": true the
     * answer comes after the refreshes.
     */
    private void revalidate(HttpServerRequest request, AdminRequests body) {
        PurgeScope scope = new PurgeScope(body.paths("paths"), List.of(), body.strings("tags"), null);
        boolean wait = body.flag("wait");
        if (scope.isEmpty()) {
            throw new AdminRequests.Invalid("give at least one of paths or tags");
        }
        purgeBus.purge(scope, true).onComplete(done -> {
            if (done.failed()) {
                AdminServer.json(request.response(), 503, error("revalidate failed: " + done.cause().getMessage()));
                return;
            }
            PurgeResult purged = done.result();
            List<String> urls = new ArrayList<>(new LinkedHashSet<>(purged.urls()));
            Future<List<WarmUp.Result>> refreshed = warmUp.fetchAll(urls, true);
            JsonObject answer = describe(purged).put("revalidated", true).put("refreshing", new JsonArray(urls));
            if (wait) {
                refreshed.onComplete(results -> AdminServer.json(request.response(), 200,
                        answer.put("results", results(results.result()))));
            } else {
                AdminServer.json(request.response(), 200, answer);
            }
        });
    }

    /** POST /warm {"urls": ["http://host/path", "/path"], "host": "...", "force": false}: fetch and store without a visitor. */
    private void warm(HttpServerRequest request, AdminRequests body) {
        String host = body.text("host");
        List<String> urls = new ArrayList<>();
        for (String url : body.strings("urls")) {
            if (url.startsWith("/")) {
                if (host == null) {
                    throw new AdminRequests.Invalid("'" + url + "' is a path: give \"host\" or an absolute URL");
                }
                urls.add("http://" + host + url);
            } else if (url.startsWith("http://") || url.startsWith("https://")) {
                urls.add(absolute(url));
            } else {
                throw new AdminRequests.Invalid("'" + url + "' is neither a path nor an http(s) URL");
            }
        }
        if (urls.isEmpty()) {
            throw new AdminRequests.Invalid("give at least one URL in urls");
        }
        boolean force = body.flag("force");
        Future<Void> dropCopies = force ? softPurge(urls) : Future.succeededFuture();
        dropCopies.compose(ignored -> warmUp.fetchAll(urls, force)).onComplete(done -> {
            if (done.failed()) {
                AdminServer.json(request.response(), 503, error("warm failed: " + done.cause().getMessage()));
            } else {
                AdminServer.json(request.response(), 200, new JsonObject().put("results", results(done.result())));
            }
        });
    }

    private static String absolute(String url) {
        try {
            java.net.URI uri = java.net.URI.create(url);
            if (uri.getRawAuthority() == null || uri.getRawAuthority().isBlank()) {
                throw new AdminRequests.Invalid("'" + url + "' has no host");
            }
            return url;
        } catch (IllegalArgumentException malformed) {
            throw new AdminRequests.Invalid("'" + url + "' is not a valid URL");
        }
    }

    /** A forced warm-up replaces fresh copies, so every node first drops the ones it holds (as a soft purge). */
    private Future<Void> softPurge(List<String> urls) {
        List<Future<PurgeResult>> purges = new ArrayList<>();
        for (String url : urls) {
            java.net.URI uri = java.net.URI.create(url);
            String pathQuery = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            purges.add(purgeBus.purge(PurgeScope.url(uri.getRawAuthority(), pathQuery), true));
        }
        return Future.all(purges).mapEmpty();
    }

    /** GET /stats: entries, bytes, hits and misses, members. The cluster-wide count runs off the event loop. */
    private void stats(HttpServerRequest request) {
        vertx.executeBlocking(() -> store.shared().size(), false).onComplete(size -> {
            if (size.failed()) {
                AdminServer.json(request.response(), 503, error("cluster unavailable: " + size.cause().getMessage()));
            } else {
                AdminServer.json(request.response(), 200, stats(size.result()));
            }
        });
    }

    private JsonObject stats(int sharedEntries) {
        HotTier hot = store.hot();
        LocalMapStats shared = member.entries().getLocalMapStats();
        JsonObject requests = new JsonObject();
        long hits = 0;
        long all = 0;
        for (String outcome : List.of("HIT", "MISS", "EXPIRED", "STALE", "UPDATING", "REVALIDATED", "BYPASS")) {
            long count = (long) registry.find("tiercache.requests").tag("status", outcome).counters().stream()
                    .mapToDouble(Counter::count).sum();
            requests.put(outcome, count);
            all += count;
            if (outcome.equals("HIT") || outcome.equals("STALE") || outcome.equals("UPDATING")) {
                hits += count;
            }
        }
        return new JsonObject()
                .put("node", config.node().name())
                .put("members", new JsonArray(member.memberNames()))
                .put("requests", requests)
                .put("hitRatio", all == 0 ? 0.0 : Math.round(1000.0 * hits / all) / 1000.0)
                .put("hotTier", new JsonObject()
                        .put("entries", hot.entries())
                        .put("bytes", hot.weightedBytes())
                        .put("evictions", hot.evictions()))
                .put("sharedMap", new JsonObject()
                        .put("entries", sharedEntries)
                        .put("ownedEntries", shared.getOwnedEntryCount())
                        .put("ownedBytes", shared.getOwnedEntryMemoryCost())
                        .put("backupEntries", shared.getBackupEntryCount()));
    }

    private static JsonObject describe(PurgeResult result) {
        return new JsonObject()
                .put("id", result.id().toString())
                .put("purged", result.purged())
                .put("acknowledged", new JsonArray(result.acknowledged()))
                .put("missing", new JsonArray(result.missing()))
                .put("millis", result.elapsedMillis());
    }

    private static JsonArray results(List<WarmUp.Result> results) {
        JsonArray array = new JsonArray();
        for (WarmUp.Result result : results) {
            JsonObject item = new JsonObject().put("url", result.url()).put("status", result.status())
                    .put("cacheStatus", result.cacheStatus()).put("stored", result.stored());
            if (result.error() != null) {
                item.put("error", result.error());
            }
            array.add(item);
        }
        return array;
    }

    private static JsonObject error(String message) {
        return new JsonObject().put("error", message);
    }
}
