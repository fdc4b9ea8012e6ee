package io.tiercache.config;

import com.sun.management.UnixOperatingSystemMXBean;

import java.lang.management.ManagementFactory;

/**
 * How many client connections the process's open-file limit (RLIMIT_NOFILE, {@code ulimit -n})
 * leaves room for, after the descriptors a node needs for everything else.
 */
public final class OpenFiles {

    /** The limit when the platform does not say (not a Unix JVM). */
    public static final long UNKNOWN = -1;
    /**
     * Descriptors kept for what is not a connection from a client or to the origin: Hazelcast's
     * listener and member connections, the admin listener and its clients, the JVM's jars, logs and
     * event-loop handles.
     */
    static final int RESERVED = 512;
    /** The default never goes above this, however high the limit. */
    static final int DEFAULT_CAP = 32_768;
    /** The default without a known limit. */
    static final int DEFAULT_UNKNOWN = 4_096;

    private OpenFiles() {
    }

    /** This process's limit on open files, or {@link #UNKNOWN}. */
    public static long limit() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : UNKNOWN;
    }

    /** Descriptors kept besides client connections: every event loop has its own origin pool. */
    static long reserved(int originConnections, int eventLoops) {
        return (long) originConnections * eventLoops + RESERVED;
    }

    /** Half of what the limit leaves for clients, so that bursts of closing sockets and the unforeseen still fit. */
    static int defaultMaxConnections(long limit, long reserved) {
        if (limit == UNKNOWN) {
            return DEFAULT_UNKNOWN;
        }
        return (int) Math.min(DEFAULT_CAP, (limit - reserved) / 2);
    }
}
