package io.tiercache.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tiercache.cluster.PurgeBus;
import io.tiercache.cluster.RefreshLease;
import io.tiercache.config.TierCacheConfig;
import io.tiercache.store.TieredStore;
import io.vertx.core.Vertx;

/**
 * What every request on this node shares: config, routes, the two-tier store, the coalescer and
 * the purge bus. Thread-safe; one per node, used by every event loop.
 */
public final class ProxyNode {

    private final TierCacheConfig config;
    private final RouteTable routes;
    private final TieredStore store;
    private final Coalescer coalescer;
    private final PurgeBus purgeBus;
    private final RefreshLease leases;
    private final ResponseCapture capture;
    private final RequestLog requestLog;
    private final RefreshAuthorization refreshAuthorization;
    private final ForwardedFields forwarding;
    private final MeterRegistry registry;
    private final ClientConnections clientConnections;

    /**
     * @param internalSecret a secret of this process that lets the admin API force a refresh through
     *                       the proxy port (warm-up and on-demand revalidation)
     */
    public ProxyNode(Vertx vertx, TierCacheConfig config, TieredStore store, PurgeBus purgeBus, RefreshLease leases,
                     RequestLog requestLog, MeterRegistry registry, String internalSecret) {
        this.config = config;
        this.routes = new RouteTable(config.routes());
        this.store = store;
        this.coalescer = new Coalescer(vertx, config.cache().hitForMiss());
        this.purgeBus = purgeBus;
        this.leases = leases;
        this.capture = new ResponseCapture(config.cache().tagHeaders());
        this.requestLog = requestLog;
        this.refreshAuthorization = new RefreshAuthorization(config.admin(), internalSecret);
        this.forwarding = new ForwardedFields(config.node().trustedProxies(), refreshAuthorization);
        this.registry = registry;
        this.clientConnections = new ClientConnections(config.node().maxConnections(), registry);
        Gauge.builder("tiercache.fills.in.flight", coalescer, Coalescer::inFlight)
                .description("Keys this node is fetching from the origin right now").register(registry);
    }

    /** Counts a background refresh by how it ended. */
    void countRefresh(Coalescer.FillResult result) {
        Counter.builder("tiercache.refreshes").description("Background refreshes (stale-while-revalidate) this node led")
                .tag("result", result.name().toLowerCase(java.util.Locale.ROOT)).register(registry).increment();
    }

    ClientConnections clientConnections() {
        return clientConnections;
    }

    RefreshAuthorization refreshAuthorization() {
        return refreshAuthorization;
    }

    ForwardedFields forwarding() {
        return forwarding;
    }

    TierCacheConfig config() {
        return config;
    }

    RouteTable routes() {
        return routes;
    }

    TieredStore store() {
        return store;
    }

    Coalescer coalescer() {
        return coalescer;
    }

    PurgeBus purgeBus() {
        return purgeBus;
    }

    RefreshLease leases() {
        return leases;
    }

    ResponseCapture capture() {
        return capture;
    }

    RequestLog requestLog() {
        return requestLog;
    }

    String nodeName() {
        return config.node().name();
    }

    long maxObjectBytes() {
        return config.cache().maxObjectBytes();
    }

    long lockTimeoutMillis() {
        return config.cache().lockTimeout().toMillis();
    }
}
