package io.tiercache.admin;

import io.tiercache.cluster.MemberQuestions;
import io.tiercache.store.CachedResponse;
import io.tiercache.store.PurgeScope;
import io.tiercache.store.TieredStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /inspect?url=...&host=...}: "why is this page old?". Every stored variant of the URL
 * (through the shared map's indexes), with its freshness, where it came from, which members hold a
 * hot copy, and what the next request gets and why.
 */
final class KeyInspector {

    static final String HOT_COPIES = "hot-copies";
    /** How long the page waits for members to say which hot copies they hold. */
    static final Duration ASK_WITHIN = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final TieredStore store;
    private final MemberQuestions questions;
    private final String node;

    KeyInspector(Vertx vertx, TieredStore store, MemberQuestions questions, String node) {
        this.vertx = vertx;
        this.store = store;
        this.questions = questions;
        this.node = node;
    }

    /** Answers the hot-copies question on this member: which of the keys asked about it holds. */
    String heldHere(String body) {
        JsonArray held = new JsonArray();
        for (Object key : new JsonObject(body).getJsonArray("keys", new JsonArray())) {
            if (key instanceof String storageKey && store.hasHotCopy(storageKey)) {
                held.add(storageKey);
            }
        }
        return new JsonObject().put("held", held).encode();
    }

    void handle(HttpServerRequest request) {
        Target target;
        try {
            target = Target.of(request.getParam("url"), request.getParam("host"));
        } catch (IllegalArgumentException invalid) {
            AdminServer.json(request.response(), 400, new JsonObject().put("error", invalid.getMessage()));
            return;
        }
        Context context = vertx.getOrCreateContext();
        vertx.executeBlocking(() -> store.storedVariants(target.host(), target.pathQuery()), false)
                .compose(variants -> hotCopies(variants, context).map(holders -> describe(target, variants, holders)))
                .onComplete(done -> {
                    if (done.failed()) {
                        AdminServer.json(request.response(), 503, new JsonObject()
                                .put("error", "cluster unavailable: " + done.cause().getMessage()));
                    } else {
                        AdminServer.json(request.response(), 200, done.result());
                    }
                });
    }

    /** Which members hold a hot copy of each variant, by storage key; and who did not say. */
    private Future<MemberQuestions.Answers> hotCopies(List<CachedResponse> variants, Context context) {
        if (variants.isEmpty()) {
            return Future.succeededFuture(new MemberQuestions.Answers(Map.of(), List.of()));
        }
        JsonArray keys = new JsonArray();
        variants.forEach(variant -> keys.add(variant.storageKey()));
        return questions.ask(HOT_COPIES, new JsonObject().put("keys", keys).encode(), ASK_WITHIN, context);
    }

    private JsonObject describe(Target target, List<CachedResponse> variants, MemberQuestions.Answers holders) {
        long now = store.now();
        JsonArray described = new JsonArray();
        for (CachedResponse variant : variants) {
            JsonArray hotOn = new JsonArray();
            holders.byNode().forEach((member, answer) -> {
                if (new JsonObject(answer).getJsonArray("held").contains(variant.storageKey())) {
                    hotOn.add(member);
                }
            });
            described.add(variant(variant, now).put("hotCopies", hotOn));
        }
        JsonObject answer = new JsonObject()
                .put("node", node)
                .put("pathQuery", target.pathQuery())
                .put("host", target.host())
                .put("now", now)
                .put("variants", described)
                .put("silentMembers", new JsonArray(holders.silent()));
        if (variants.isEmpty()) {
            answer.put("next", new JsonObject().put("outcome", "MISS").put("reason", "nothing is stored for "
                    + (target.host() == null ? "this path on any host" : "this URL")
                    + ": the next request is fetched from the origin (MISS), and stored if the response allows it"));
        }
        return answer;
    }

    private static JsonObject variant(CachedResponse response, long now) {
        CachedResponse.Freshness freshness = response.freshness();
        JsonArray headers = new JsonArray();
        response.headers().forEach((name, value) -> headers.add(new JsonArray().add(name).add(value)));
        JsonObject validators = new JsonObject()
                .put("etag", response.headers().first("ETag"))
                .put("lastModified", response.headers().first("Last-Modified"));
        return new JsonObject()
                .put("url", response.getUrl())
                .put("variant", response.variantKey().isEmpty() ? null : response.variantKey())
                .put("status", response.status())
                .put("ageSeconds", response.ageMillis(now) / 1000)
                .put("lifetimeSeconds", freshness.lifetime() / 1000)
                .put("ttlSeconds", Math.floorDiv(response.freshnessLeftMillis(now), 1000))
                .put("freshnessSource", freshness.source())
                .put("staleWhileRevalidateSeconds", freshness.staleWhileRevalidate() / 1000)
                .put("staleIfErrorSeconds", freshness.staleIfError() / 1000)
                .put("noCache", freshness.revalidateAlways())
                .put("mustRevalidate", freshness.staleForbidden())
                .put("validators", validators)
                .put("tags", new JsonArray(List.of(response.getTags())))
                .put("bytes", response.body().length)
                .put("storedBy", response.storedBy())
                .put("storedAt", response.timing().responseTime())
                .put("softPurgedAt", response.softPurged() ? response.softPurgedAt() : null)
                .put("headers", headers)
                .put("next", NextRequest.of(response, now));
    }

    /** What to look up: a path and query, on one host or (host null) on every host. */
    record Target(String host, String pathQuery) {

        static Target of(String url, String host) {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("give url: a path such as /blog/post, or an absolute http(s) URL");
            }
            String given = url.trim();
            String hostGiven = host == null || host.isBlank() ? null : host.trim();
            if (given.startsWith("http://") || given.startsWith("https://")) {
                URI uri;
                try {
                    uri = new URI(given);
                } catch (java.net.URISyntaxException malformed) {
                    throw new IllegalArgumentException("url '" + given + "' is not a URL: " + malformed.getReason());
                }
                if (uri.getRawAuthority() == null) {
                    throw new IllegalArgumentException("url '" + given + "' has no host");
                }
                hostGiven = hostGiven != null ? hostGiven : uri.getRawAuthority();
                given = PurgeScope.pathQuery(uri);
            } else if (!given.startsWith("/")) {
                throw new IllegalArgumentException("url '" + given + "' is neither a path starting with / nor an http(s) URL");
            }
            String pathQuery;
            try {
                pathQuery = PurgeScope.normalisedPathQuery(given);
            } catch (IllegalArgumentException unservable) {
                throw new IllegalArgumentException("url '" + given + "': " + unservable.getMessage());
            }
            // Stored hosts are lower case without the default port, as purges name them.
            String storedHost = hostGiven == null ? null
                    : new PurgeScope(List.of(), List.of(), List.of(), hostGiven.toLowerCase(Locale.ROOT)).host();
            return new Target(storedHost, pathQuery);
        }
    }
}
