package io.tiercache.testing;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP forwarder in front of one Hazelcast member, on loopback, that can cut the member off from
 * chosen peers: connections whose source address is blocked are closed and refused, as a network
 * partition would. Each member binds its own 127.0.0.x address (and connects out from it), so the
 * source address says which member a connection comes from.
 */
public final class PartitionableLink implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final Set<String> blocked = ConcurrentHashMap.newKeySet();
    private final Set<NetSocket[]> open = ConcurrentHashMap.newKeySet();
    private final NetServer server;
    private final NetClient client;

    /** Listens on {@code host:port} and forwards to {@code host:targetPort}. */
    public PartitionableLink(String host, int port, int targetPort) {
        this.client = vertx.createNetClient();
        this.server = vertx.createNetServer().connectHandler(inbound -> {
            if (blocked.contains(inbound.remoteAddress().host())) {
                inbound.close();
                return;
            }
            inbound.pause();
            client.connect(targetPort, host).onComplete(connected -> {
                if (connected.failed()) {
                    inbound.close();
                    return;
                }
                NetSocket outbound = connected.result();
                NetSocket[] pair = {inbound, outbound};
                open.add(pair);
                inbound.closeHandler(ignored -> {
                    open.remove(pair);
                    outbound.close();
                });
                outbound.closeHandler(ignored -> {
                    open.remove(pair);
                    inbound.close();
                });
                inbound.pipeTo(outbound);
                outbound.pipeTo(inbound);
            });
        });
        try {
            server.listen(port, host).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("link on " + host + ":" + port, e);
        }
    }

    /** Cuts every connection from these source addresses and refuses new ones. */
    public void block(Collection<String> sources) {
        blocked.addAll(sources);
        for (NetSocket[] pair : open) {
            if (sources.contains(pair[0].remoteAddress().host())) {
                pair[0].close();
            }
        }
    }

    public void heal() {
        blocked.clear();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing a test forwarder that already failed harms nothing
        }
    }
}
