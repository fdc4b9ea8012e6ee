package io.tiercache.admin;

import com.hazelcast.map.LocalMapStats;
import io.micrometer.core.instrument.MeterRegistry;
import io.tiercache.cluster.ClusterMember;
import io.tiercache.cluster.PurgeAuthorization;
import io.tiercache.cluster.PurgeBus;
import io.tiercache.cluster.PurgeResult;
import io.tiercache.cluster.SharedBudget;
import io.tiercache.config.TierCacheConfig;
import io.tiercache.proxy.CacheOutcome;
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

    private static final List<String> PURGE_FIELDS = List.of("urls", "prefixes", "tags", "soft", "host", "secret");
    private static final List<String> REVALIDATE_FIELDS = List.of("paths", "tags", "host", "wait", "secret");
    private static final List<String> WARM_FIELDS = List.of("urls", "host", "force", "secret");
    private static final int BODY_LIMIT = 1024 * 1024;

    private final Vertx vertx;
    private final TierCacheConfig config;
    private final PurgeBus purgeBus;
    private final TieredStore store;
    private final ClusterMember member;
    private final MeterRegistry registry;
    private final PurgeAuthorization authorization;
    private final WarmUp warmUp;
    private final java.util.function.Supplier<String> scrape;

    /** @param scrape renders the registry in Prometheus' text format, for GET /metrics */
    public AdminApi(Vertx vertx, TierCacheConfig config, PurgeBus purgeBus, TieredStore store, ClusterMember member,
                    MeterRegistry registry, java.util.function.Supplier<String> scrape, String proxyHost, int proxyPort,
                    String internalSecret) {
        this.vertx = vertx;
        this.config = config;
        this.purgeBus = purgeBus;
        this.store = store;
        this.member = member;
        this.registry = registry;
        this.scrape = scrape;
        this.authorization = new PurgeAuthorization(config.admin());
        this.warmUp = new WarmUp(vertx, proxyHost, proxyPort, internalSecret);
    }

    public void register(AdminServer server) {
        server.route("POST /purge", withBody(PURGE_FIELDS, this::purge));
        server.route("POST /revalidate", withBody(REVALIDATE_FIELDS, this::revalidate));
        server.route("POST /warm", withBody(WARM_FIELDS, this::warm));
        ReadAccess reads = new ReadAccess(config.admin());
        server.route("GET /stats", reads.guard(this::stats));
        server.route("GET /metrics", reads.guard(request -> request.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(scrape.get())));
    }

    public Future<Void> close() {
        return warmUp.close();
    }

    private interface BodyHandler {
        void handle(HttpServerRequest request, AdminRequests body);
    }

    /**
     * Checks the caller and the body before the handler runs, in this order: a request another
     * site's page made a browser send is refused ({@link CrossSiteGuard}); an oversized body is
     * refused unread; an Authorization header is checked before the body is parsed; a body's
     * "secret" (the CMS webhook form) right after parsing; the fields last. Nothing is purged by a
     * rejected call.
     */
    private Handler<HttpServerRequest> withBody(List<String> fields, BodyHandler handler) {
        return request -> {
            CrossSiteGuard.Refusal crossSite = CrossSiteGuard.check(request);
            if (crossSite != null) {
                refuse(request, crossSite.status(), crossSite.reason());
                return;
            }
            long declared = declaredLength(request);
            if (declared > BODY_LIMIT) {
                refuse(request, 413, "body over " + BODY_LIMIT + " bytes");
                return;
            }
            boolean headerAuthorized = request.getHeader("Authorization") != null;
            if (headerAuthorized && !authorized(request, null)) {
                return;
            }
            readLimited(request).onComplete(read -> {
                if (read.failed()) {
                    refuse(request, read.cause() instanceof AdminRequests.Invalid ? 413 : 400, read.cause().getMessage());
                    return;
                }
                try {
                    AdminRequests body = AdminRequests.parse(read.result().toString());
                    if (!headerAuthorized && !authorized(request, body.text("secret"))) {
                        return;
                    }
                    body.requireOnly(fields);
                    handler.handle(request, body);
                } catch (AdminRequests.Invalid invalid) {
                    AdminServer.json(request.response(), 400, error(invalid.getMessage()));
                }
            });
        };
    }

    private static long declaredLength(HttpServerRequest request) {
        try {
            String length = request.getHeader("Content-Length");
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Reads the body up to the limit; a chunked body that grows past it is refused without holding it. */
    private static Future<io.vertx.core.buffer.Buffer> readLimited(HttpServerRequest request) {
        io.vertx.core.Promise<io.vertx.core.buffer.Buffer> read = io.vertx.core.Promise.promise();
        io.vertx.core.buffer.Buffer body = io.vertx.core.buffer.Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > BODY_LIMIT) {
                request.handler(null);
                read.tryFail(new AdminRequests.Invalid("body over " + BODY_LIMIT + " bytes"));
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(ignored -> read.tryComplete(body));
        request.exceptionHandler(failure -> read.tryFail(new IllegalStateException("could not read the body")));
        return read.future();
    }

    private static void refuse(HttpServerRequest request, int status, String reason) {
        request.response().putHeader("Connection", "close");
        AdminServer.json(request.response(), status, error(reason));
    }

    /** @param secret the body's "secret", or null to check the Authorization header (or the allow-list) */
    private boolean authorized(HttpServerRequest request, String secret) {
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
     * POST /revalidate {"paths": [...], "tags": [...], "host": "..."}: on-demand revalidation like
     * Next.js ISR. Soft-purges what matches (every node serves the stale copy meanwhile), then
     * refreshes each matched URL at once, so the next visitor gets the new page from cache. With a
     * "host", paths that are not cached yet (a page just published) are fetched too. With
     * "wait": true the answer comes after the refreshes.
     */
    private void revalidate(HttpServerRequest request, AdminRequests body) {
        List<String> paths = body.paths("paths");
        String host = body.text("host");
        PurgeScope scope = new PurgeScope(paths, List.of(), body.strings("tags"), host);
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
            Set<String> unique = new LinkedHashSet<>(purged.urls());
            if (host != null) {
                for (String path : paths) {
                    unique.add("http://" + scope.host() + path);
                }
            }
            List<String> urls = new ArrayList<>(unique);
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
                urls.add(absolute("http://" + host + url));
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

    /** The URL with its path normalised as a visitor's request's would be. */
    private static String absolute(String url) {
        java.net.URI uri;
        try {
            uri = java.net.URI.create(url);
        } catch (IllegalArgumentException malformed) {
            throw new AdminRequests.Invalid("'" + url + "' is not a valid URL");
        }
        if (uri.getRawAuthority() == null || uri.getRawAuthority().isBlank()) {
            throw new AdminRequests.Invalid("'" + url + "' has no host");
        }
        try {
            return uri.getScheme() + "://" + uri.getRawAuthority()
                    + PurgeScope.normalisedPathQuery(PurgeScope.pathQuery(uri));
        } catch (IllegalArgumentException unservable) {
            throw new AdminRequests.Invalid("'" + url + "': " + unservable.getMessage());
        }
    }

    /** A forced warm-up replaces fresh copies, so every node first drops the ones it holds (as a soft purge). */
    private Future<Void> softPurge(List<String> urls) {
        List<Future<PurgeResult>> purges = new ArrayList<>();
        for (String url : urls) {
            purges.add(purgeBus.purge(PurgeScope.url(java.net.URI.create(url)), true));
        }
        return Future.all(purges).mapEmpty();
    }

    /** GET /stats: entries, bytes, hits and misses, members. The cluster-wide count runs off the event loop. */
    private void stats(HttpServerRequest request) {
        vertx.executeBlocking(store::sharedSize, false).onComplete(size -> {
            if (size.failed()) {
                AdminServer.json(request.response(), 503, error("cluster unavailable: " + size.cause().getMessage()));
            } else {
                AdminServer.json(request.response(), 200, stats(size.result()));
            }
        });
    }

    private JsonObject stats(int sharedEntries) {
        LocalMapStats shared = member.entries().getLocalMapStats();
        long[] counts = RequestCounts.of(registry);
        JsonObject requests = new JsonObject();
        for (CacheOutcome outcome : CacheOutcome.values()) {
            requests.put(outcome.name(), counts[outcome.ordinal()]);
        }
        return new JsonObject()
                .put("node", config.node().name())
                .put("members", new JsonArray(member.memberNames()))
                .put("requests", requests)
                .put("hitRatio", RequestCounts.hitRatio(counts))
                .put("hotTier", new JsonObject()
                        .put("entries", store.hotEntries())
                        .put("bytes", store.hotBytes())
                        .put("evictions", store.hotEvictions()))
                .put("sharedMap", new JsonObject()
                        .put("entries", sharedEntries)
                        .put("ownedEntries", shared.getOwnedEntryCount())
                        .put("ownedBytes", SharedBudget.heldBytes(shared))
                        .put("backupEntries", shared.getBackupEntryCount()));
    }

    private static JsonObject describe(PurgeResult result) {
        return new JsonObject()
                .put("id", result.id().toString())
                .put("purged", result.purged())
                .put("applied", result.applied())
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
