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
 * What every request on this node shares: config, routes, the two-tier store, the fills in flight and
 * the purge bus. Thread-safe; one per node, used by every event loop.
 */
public final class ProxyNode {

    private final TierCacheConfig config;
    private final RouteTable routes;
    private final TieredStore store;
    private final Fills fills;
    private final PurgeBus purgeBus;
    private final RefreshLease leases;
    private final ResponseCapture capture;
    private final RequestLog requestLog;
    private final RefreshAuthorization refreshAuthorization;
    private final ForwardedFields forwarding;
    private final MeterRegistry registry;
    private final Counter fastHits;
    private volatile StepProbe probe = StepProbe.NONE;
    private volatile int boundPort;
    private final ClientConnections clientConnections;

    /**
     * @param internalSecret a secret of this process that lets the admin API force a refresh through
     *                       the proxy port (warm-up and on-demand revalidation)
     */
    public ProxyNode(Vertx vertx, TierCacheConfig config, TieredStore store, PurgeBus purgeBus, RefreshLease leases,
                     RequestLog requestLog, MeterRegistry registry, String internalSecret) {
        this.config = config;
        this.routes = new RouteTable(config.routes(), config.cache());
        this.store = store;
        this.fills = new Fills(this, config.cache().hitForMiss());
        this.purgeBus = purgeBus;
        this.leases = leases;
        this.capture = new ResponseCapture(config.cache().tagHeaders(), config.cache().targetedFields());
        this.requestLog = requestLog;
        this.refreshAuthorization = new RefreshAuthorization(config.admin(), internalSecret);
        this.forwarding = new ForwardedFields(config.node().trustedProxies(), refreshAuthorization);
        this.registry = registry;
        this.clientConnections = new ClientConnections(config.node().maxConnections(), registry);
        this.fastHits = Counter.builder("tiercache.fast.hits")
                .description("Hits, and stale answers while their refresh runs, answered from the connection's pipeline below Vert.x "
                        + "(also counted in tiercache.requests)")
                .register(registry);
        Gauge.builder("tiercache.fills.in.flight", fills, Fills::inFlight)
                .description("Keys this node is fetching from the origin right now").register(registry);
    }

    void countFastHit() {
        fastHits.increment();
    }

    /** Counts a background refresh by how it ended. */
    void countRefresh(Fill.Result result) {
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

    Fills fills() {
        return fills;
    }

    void boundPort(int port) {
        boundPort = port;
    }

    /** The port the proxy listens on, once it does (the configured one, or the one picked for port 0). */
    public int boundPort() {
        return boundPort;
    }

    StepProbe probe() {
        return probe;
    }

    /** Installs a probe told of every step (failure tests); {@link StepProbe#NONE} in production. */
    public void probe(StepProbe stepProbe) {
        this.probe = stepProbe;
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
