package io.tiercache;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tiercache.admin.AdminApi;
import io.tiercache.admin.AdminServer;
import io.tiercache.admin.Dashboard;
import io.tiercache.admin.NodeMetrics;
import io.tiercache.admin.Readiness;
import io.tiercache.cluster.ClusterMember;
import io.tiercache.cluster.ClusterSecret;
import io.tiercache.cluster.MessageAuthentication;
import io.tiercache.cluster.PurgeBus;
import io.tiercache.cluster.RefreshLease;
import io.tiercache.cluster.ReplacementNotices;
import io.tiercache.config.AccessLogFormat;
import io.tiercache.config.OpenFiles;
import io.tiercache.config.SizeValue;
import io.tiercache.cluster.SharedBudget;
import io.tiercache.config.TierCacheConfig;
import io.tiercache.proxy.AccessLog;
import io.tiercache.proxy.ProxyNode;
import io.tiercache.proxy.ProxyVerticle;
import io.tiercache.proxy.RequestLog;
import io.tiercache.proxy.RequestMetrics;
import io.tiercache.store.ContextHop;
import io.tiercache.store.HotTier;
import io.tiercache.store.PurgeLog;
import io.tiercache.store.SharedEntries;
import io.tiercache.store.TieredStore;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * One tiercache node, assembled and started in order: the admin listener first (so /health
 * answers and /ready says 503 while starting), then the Hazelcast member, then the proxy port;
 * stopped in the reverse order.
 */
public final class TierCacheNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TierCacheNode.class);

    /** How long a purge waits for every member's acknowledgement before it answers anyway. */
    static final Duration PURGE_ACK_TIMEOUT = Duration.ofSeconds(5);

    private final TierCacheConfig config;
    private final Clock clock;
    private final Vertx vertx;
    private final Readiness readiness = new Readiness();
    private final AdminServer admin;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final String internalSecret = newSecret();
    private ClusterMember member;
    private SharedBudget sharedBudget;
    private TieredStore store;
    private PurgeBus purgeBus;
    private String proxyDeployment;
    private ProxyNode proxy;
    private AdminApi adminApi;
    private Dashboard dashboard;
    private AccessLog accessLog;

    private TierCacheNode(TierCacheConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.node().eventLoops())
                .setPreferNativeTransport(true));
        this.admin = new AdminServer(vertx, readiness);
    }

    /** Starts a node and blocks until it is ready, or throws. */
    public static TierCacheNode start(TierCacheConfig config) {
        return start(config, Clock.systemUTC());
    }

    /**
     * Starts a node whose cache reads time from {@code clock} (freshness, ages, stored times), so that
     * tests can move time instead of waiting for it.
     */
    public static TierCacheNode start(TierCacheConfig config, Clock clock) {
        TierCacheNode node = new TierCacheNode(config, clock);
        try {
            node.startParts();
            return node;
        } catch (RuntimeException | Error failure) {
            node.close();
            throw failure;
        }
    }

    private void startParts() {
        await(admin.listen(config.admin().listen()));
        Context purgeContext = vertx.getOrCreateContext();
        member = ClusterMember.start(config, ContextHop.executor(purgeContext));
        readiness.watchMember(member::running);
        SharedEntries shared = new SharedEntries(member.entries(), member.urlIndex(), member::partitionOf);
        sharedBudget = SharedBudget.start(member, shared, config.cache());
        store = new TieredStore(new HotTier(config.cache().hotTierBytes()), shared,
                new PurgeLog(), new TieredStore.Settings(config.cache().maxVariants(), config.cache().inactive().toMillis(),
                config.cache().inactive().toMillis(), config.longestStaleIfUnreachable().toMillis()), clock);
        MessageAuthentication authentication = new MessageAuthentication(ClusterSecret.of(config.cluster()), registry);
        purgeBus = new PurgeBus(member.hazelcast(), store, vertx, purgeContext, config.node().name(), PURGE_ACK_TIMEOUT,
                config.cluster().heartbeatTimeout(), authentication, registry);
        purgeBus.start();
        new ReplacementNotices(member.hazelcast(), authentication).connect(store);
        NodeMetrics.bind(registry, store, member, sharedBudget);
        dashboard = new Dashboard(vertx, config, readiness, store, member, purgeBus, registry, authentication);
        RequestLog requestLog = RequestLog.all(new RequestMetrics(registry), dashboard.requestLog());
        if (config.node().accessLog() != AccessLogFormat.OFF) {
            accessLog = AccessLog.open(config.node().name(), config.node().accessLog(), config.node().accessLogFile(),
                    registry);
            requestLog = RequestLog.all(accessLog, requestLog);
        }
        RefreshLease leases = new RefreshLease(member.hazelcast(), config.node().name(), vertx, config.cache().lockAge(),
                config.cache().hitForMiss());
        leases.start();
        proxy = new ProxyNode(vertx, config, store, purgeBus, leases, requestLog, registry, internalSecret);
        proxyDeployment = await(vertx.deployVerticle(() -> new ProxyVerticle(proxy), new DeploymentOptions()
                .setThreadingModel(ThreadingModel.EVENT_LOOP)
                .setInstances(config.node().eventLoops())));
        String proxyHost = config.node().listen().host();
        adminApi = new AdminApi(vertx, config, purgeBus, store, member, registry, registry::scrape,
                proxyHost.equals("0.0.0.0") || proxyHost.equals("::") ? "127.0.0.1" : proxyHost,
                proxyPort(), internalSecret);
        adminApi.register(admin);
        dashboard.register(admin);
        dashboard.start();
        LOG.info("accepting at most {} client connections (node.max-connections; this process may open {} files)",
                config.node().maxConnections(),
                OpenFiles.limit() == OpenFiles.UNKNOWN ? "an unknown number of" : OpenFiles.limit());
        int clusterPort = member.hazelcast().getCluster().getLocalMember().getAddress().getPort();
        readiness.markReady(Map.of("proxyPort", proxyPort(), "adminPort", admin.actualPort(), "clusterPort", clusterPort));
        LOG.info("cache: shared-size {}, hot-tier-size {}, max-object-size {}; heap max {}",
                SizeValue.format(config.cache().sharedBytes()), SizeValue.format(config.cache().hotTierBytes()),
                SizeValue.format(config.cache().maxObjectBytes()), SizeValue.format(Runtime.getRuntime().maxMemory()));
        LOG.info("tiercache node {} ready: proxy on {}:{}, admin on {}:{}, cluster port {}, origin {}, cluster '{}' "
                        + "with members {}", config.node().name(), config.node().listen().host(), proxyPort(),
                config.admin().listen().host(), admin.actualPort(), clusterPort, config.origin().url(),
                config.cluster().name(), member.memberNames());
    }

    public TierCacheConfig config() {
        return config;
    }

    public Vertx vertx() {
        return vertx;
    }

    public Readiness readiness() {
        return readiness;
    }

    public ClusterMember member() {
        return member;
    }

    public SharedBudget sharedBudget() {
        return sharedBudget;
    }

    public TieredStore store() {
        return store;
    }

    public PurgeBus purgeBus() {
        return purgeBus;
    }

    /** The proxy room's shared state, for failure tests that install a {@link io.tiercache.proxy.StepProbe}. */
    public ProxyNode proxy() {
        return proxy;
    }

    public MeterRegistry metrics() {
        return registry;
    }

    public int adminPort() {
        return admin.actualPort();
    }

    /** The proxy port bound: the configured one, or the one picked for port 0. */
    public int proxyPort() {
        return proxy.boundPort();
    }

    /**
     * Stops in order: not ready first, then the proxy port closes (in-flight requests finish), then
     * the member leaves the cluster gracefully, so its partitions migrate and no entry is lost.
     */
    @Override
    public void close() {
        boolean wasReady = readiness.ready();
        readiness.markDraining();
        if (wasReady && !config.node().drainDelay().isZero()) {
            LOG.info("draining: /ready answers 503 for {} before the proxy port closes", config.node().drainDelay());
            try {
                Thread.sleep(config.node().drainDelay().toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (proxyDeployment != null) {
            awaitQuietly(() -> vertx.undeploy(proxyDeployment));
        }
        if (adminApi != null) {
            awaitQuietly(adminApi::close);
        }
        if (dashboard != null) {
            // Its timers live on a Vert.x context that may be gone already (a node whose Vert.x was closed under it).
            awaitQuietly(() -> {
                dashboard.close();
                return io.vertx.core.Future.succeededFuture();
            });
        }
        if (accessLog != null) {
            accessLog.close();
        }
        if (sharedBudget != null) {
            sharedBudget.close();
        }
        if (member != null) {
            awaitQuietly(() -> {
                member.close();
                return io.vertx.core.Future.succeededFuture();
            });
        }
        awaitQuietly(admin::close);
        awaitQuietly(vertx::close);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private static String newSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException failure) {
            throw new IllegalStateException(failure.getCause().getMessage(), failure.getCause());
        } catch (Exception failure) {
            throw new IllegalStateException(failure.getMessage(), failure);
        }
    }

    /** Runs one shutdown step; a step that fails (say, on a node that already died) does not stop the others. */
    private static void awaitQuietly(java.util.function.Supplier<io.vertx.core.Future<?>> step) {
        try {
            step.get().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception failure) {
            LOG.warn("shutdown step did not finish cleanly: {}", failure.toString());
        }
    }
}
