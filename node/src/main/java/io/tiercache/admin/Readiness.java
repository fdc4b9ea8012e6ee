package io.tiercache.admin;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Where the node is in its life, as the load balancer sees it through {@code GET /ready}: ready only
 * once the Hazelcast member has joined and the proxy port listens; not ready again as soon as a
 * shutdown begins, so that traffic drains away before the member leaves; and failed when the member
 * stopped without being asked to (Hazelcast terminates it after an {@code OutOfMemoryError}, for one),
 * since a node without its member can neither cache nor purge.
 */
public final class Readiness {

    public enum Phase { STARTING, READY, DRAINING, MEMBER_DOWN }

    private volatile Phase phase = Phase.STARTING;
    private volatile Map<String, Object> bound = Map.of();
    private volatile BooleanSupplier memberRunning = () -> true;

    public Phase phase() {
        Phase current = phase;
        return current != Phase.DRAINING && !memberRunning.getAsBoolean() ? Phase.MEMBER_DOWN : current;
    }

    public boolean ready() {
        return phase() == Phase.READY;
    }

    /** From now on, the node's state follows the member's lifecycle too. */
    public void watchMember(BooleanSupplier running) {
        this.memberRunning = running;
    }

    /** @param bound the ports the node listens on, by name, as {@code /ready} reports them */
    public void markReady(Map<String, Object> bound) {
        this.bound = Map.copyOf(bound);
        if (phase == Phase.STARTING) {
            phase = Phase.READY;
        }
    }

    /** The ports the node listens on (empty until ready), for tests and scripts that start nodes on port 0. */
    public Map<String, Object> bound() {
        return bound;
    }

    public void markDraining() {
        phase = Phase.DRAINING;
    }
}
