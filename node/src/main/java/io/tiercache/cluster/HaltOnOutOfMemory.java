package io.tiercache.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.OutOfMemoryHandler;

/**
 * Ends the process when Hazelcast sees an {@code OutOfMemoryError}. Hazelcast's default handler
 * terminates the member and leaves the process running: a node that still answers on its ports but
 * can neither cache nor purge. Exiting lets the load balancer and the orchestrator replace it.
 */
public final class HaltOnOutOfMemory extends OutOfMemoryHandler {

    /** The status {@code -XX:+ExitOnOutOfMemoryError} exits with, so both read the same to a supervisor. */
    public static final int EXIT_STATUS = 3;

    @Override
    public void onOutOfMemory(OutOfMemoryError error, HazelcastInstance[] instances) {
        try {
            System.err.println("tiercache: out of memory in the Hazelcast member (" + error.getMessage()
                    + "); exiting so that the node is replaced");
        } finally {
            // halt, not exit: shutdown hooks would try a graceful leave with no memory to do it.
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
    }
}
