package io.tiercache.admin;

/**
 * Where the node is in its life, as the load balancer sees it through {@code GET /ready}: ready only
 * once the Hazelcast member has joined and the proxy port listens; not ready again as soon as a
 * shutdown begins, so that traffic drains away before the member leaves.
 */
public final class Readiness {

    public enum Phase { STARTING, READY, DRAINING }

    private volatile Phase phase = Phase.STARTING;

    public Phase phase() {
        return phase;
    }

    public boolean ready() {
        return phase == Phase.READY;
    }

    public void markReady() {
        if (phase == Phase.STARTING) {
            phase = Phase.READY;
        }
    }

    public void markDraining() {
        phase = Phase.DRAINING;
    }
}
