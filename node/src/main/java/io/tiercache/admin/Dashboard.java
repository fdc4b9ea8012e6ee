package io.tiercache.admin;

import io.micrometer.core.instrument.MeterRegistry;
import io.tiercache.cluster.ClusterMember;
import io.tiercache.cluster.MemberQuestions;
import io.tiercache.cluster.MemberReports;
import io.tiercache.cluster.MessageAuthentication;
import io.tiercache.cluster.PurgeBus;
import io.tiercache.config.TierCacheConfig;
import io.tiercache.proxy.RequestLog;
import io.tiercache.store.TieredStore;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The admin listener's page at {@code /}: the whole cluster seen from any node. Every member reports
 * its figures once a second and the purges it issued ({@link MemberReports}); each node keeps the
 * latest of every member and 15 minutes of cluster-wide chart points, and streams them to open
 * pages as Server-Sent Events. The key inspector and the live access log ask the members directly
 * ({@link MemberQuestions}), within a deadline. Reading needs what /stats needs ({@link ReadAccess});
 * changes go through the admin API's own endpoints, with the purge token.
 */
public final class Dashboard {

    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);

    static final String FIGURES = "figures";
    static final String PURGE = "purge";
    static final Duration REPORT_EVERY = Duration.ofSeconds(1);
    static final Duration STEP = Duration.ofSeconds(2);
    static final Duration HISTORY = Duration.ofMinutes(15);
    /** Open pages per node; each costs one stream and, for the log, one question a second to every member. */
    static final int MAX_STREAMS = 32;

    private final Vertx vertx;
    private final TierCacheConfig config;
    private final ClusterMember member;
    private final PurgeBus purgeBus;
    private final MemberReports reports;
    private final MemberQuestions questions;
    private final LiveTail tail = new LiveTail();
    private final OriginTimes originTimes = new OriginTimes();
    private final LatencyHistogram purgeTimes = new LatencyHistogram();
    private final NodeFigures figures;
    private final ClusterView view = new ClusterView(new ChartHistory((int) (HISTORY.toMillis() / STEP.toMillis())));
    private final RecentPurges purges = new RecentPurges();
    private final KeyInspector inspector;
    private final LiveLog liveLog;
    private final List<Page> pages = new CopyOnWriteArrayList<>();
    private final Context context;
    /** Until the first step: no member has reported yet. */
    private volatile JsonObject overview = new JsonObject().put("members", new JsonArray()).put("totals", new JsonObject());
    private long reportTimer = -1;
    private long stepTimer = -1;

    /** An open page's stream, and the last purge it was sent. */
    private static final class Page {
        private final EventStream stream;
        private long purgesSent;

        Page(EventStream stream) {
            this.stream = stream;
        }
    }

    public Dashboard(Vertx vertx, TierCacheConfig config, Readiness readiness, TieredStore store, ClusterMember member,
                     PurgeBus purgeBus, MeterRegistry registry, MessageAuthentication authentication) {
        this.vertx = vertx;
        this.config = config;
        this.member = member;
        this.purgeBus = purgeBus;
        this.context = vertx.getOrCreateContext();
        String node = config.node().name();
        this.reports = new MemberReports(member.hazelcast(), authentication, node);
        this.questions = new MemberQuestions(member.hazelcast(), vertx);
        this.figures = new NodeFigures(config, readiness, store, member, registry, originTimes, purgeTimes,
                System.currentTimeMillis());
        this.inspector = new KeyInspector(vertx, store, questions, node);
        this.liveLog = new LiveLog(vertx, questions, tail, node, MAX_STREAMS);
    }

    /** What the proxy tells about each finished request: the live tail and the origin times read it. */
    public RequestLog requestLog() {
        return RequestLog.all(tail, originTimes);
    }

    /** Starts reporting and listening. Blocking (registers Hazelcast listeners); call at start-up. */
    public void start() {
        reports.listen(report -> {
            if (FIGURES.equals(report.kind())) {
                view.receive(report.node(), report.sentAt(), report.body(), System.currentTimeMillis());
            } else if (PURGE.equals(report.kind())) {
                purges.receive(report.node(), report.body());
            }
        });
        questions.answer(KeyInspector.HOT_COPIES, inspector::heldHere);
        liveLog.answerHere();
        purgeBus.onCompleted((scope, soft, result) -> {
            purgeTimes.record(result.elapsedMillis() * 1000);
            long now = System.currentTimeMillis();
            reports.publish(PURGE, now, RecentPurges.report(scope, soft, result, now - result.elapsedMillis()).encode());
        });
        context.runOnContext(started -> {
            reportTimer = vertx.setPeriodic(REPORT_EVERY.toMillis(), tick -> report());
            stepTimer = vertx.setPeriodic(STEP.toMillis(), tick -> step());
        });
        warnIfReadableFromAfar();
    }

    public void register(AdminServer server) {
        DashboardAssets.register(server);
        ReadAccess reads = new ReadAccess(config.admin());
        server.route("GET /dashboard/events", reads.guard(this::events));
        server.route("GET /dashboard/log", reads.guard(liveLog::open));
        server.route("GET /inspect", reads.guard(inspector::handle));
    }

    public void close() {
        context.runOnContext(stopping -> {
            vertx.cancelTimer(reportTimer);
            vertx.cancelTimer(stepTimer);
        });
        pages.forEach(page -> page.stream.close());
        liveLog.close();
    }

    private void report() {
        long now = System.currentTimeMillis();
        tail.expire(now);
        vertx.executeBlocking(figures::now, false).onComplete(built -> {
            if (built.succeeded()) {
                reports.publish(FIGURES, now, built.result().encode());
            } else {
                LOG.debug("could not report this node's figures: {}", built.cause().toString());
            }
        });
    }

    private void step() {
        overview = view.step(System.currentTimeMillis(), member.memberNames());
        String encoded = overview.encode();
        for (Page page : pages) {
            if (!page.stream.send("overview", encoded)) {
                pages.remove(page);
                continue;
            }
            sendPurges(page);
        }
    }

    private void events(HttpServerRequest request) {
        if (pages.size() >= MAX_STREAMS) {
            AdminServer.json(request.response(), 503, new JsonObject().put("error", "too many open dashboard pages on this node"));
            return;
        }
        Page[] opened = new Page[1];
        opened[0] = new Page(EventStream.open(request, () -> pages.remove(opened[0])));
        Page page = opened[0];
        page.stream.send("hello", new JsonObject()
                .put("node", config.node().name())
                .put("cluster", config.cluster().name())
                .put("stepSeconds", STEP.toSeconds())
                .put("historyMinutes", HISTORY.toMinutes()).encode());
        page.stream.send("history", view.history().columns().encode());
        page.stream.send("overview", overview.encode());
        sendPurges(page);
        pages.add(page);
    }

    private void sendPurges(Page page) {
        long last = purges.last();
        if (last > page.purgesSent) {
            page.stream.send("purges", new JsonObject().put("purges", purges.since(page.purgesSent)).encode());
            page.purgesSent = last;
        }
    }

    /** The page shows URLs and client addresses: on a listener others reach, that wants the read token. */
    private void warnIfReadableFromAfar() {
        if (config.admin().readToken() != null) {
            return;
        }
        String host = config.admin().listen().host();
        try {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                LOG.warn("the admin listener on {} is reachable from other hosts and admin.read-token is not set: "
                        + "anyone who reaches it reads /stats, /metrics and the dashboard (URLs, client addresses); "
                        + "set admin.read-token (TIERCACHE_READ_TOKEN)", config.admin().listen());
            }
        } catch (UnknownHostException unresolved) {
            LOG.warn("admin listener host {} does not resolve; cannot tell whether the dashboard is reachable from "
                    + "other hosts", host);
        }
    }
}
