package io.tiercache.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * This node's identity and its public HTTP listener.
 *
 * @param name       unique within the cluster; shown in logs, metrics and the admin API
 * @param listen     where the proxy accepts client requests; port 0 picks a free port
 * @param eventLoops the number of Vert.x event loop threads
 * @param drainDelay on SIGTERM, how long /ready answers 503 before the proxy port closes, so that a
 *                   load balancer stops sending traffic first
 * @param accessLog  the access log's format
 * @param trustedProxies   peers (load balancers) whose Forwarded, X-Forwarded-* and X-Real-IP fields
 *                         are forwarded as given; every other client's are replaced by what the node knows
 * @param maxConnections   client connections open at once; more are answered 503 and closed
 * @param headerTimeout    how long a client may take to send a request head, from its first byte
 *                         (or from connecting, for the first request)
 * @param keepaliveTimeout how long a client connection may stay idle before it is closed
 * @param fastHits         whether plain fresh hits are answered below Vert.x, from the connection's pipeline
 * @param accessLogFile    where access-log lines are appended; null for standard output
 */
public record NodeConfig(String name, HostPort listen, int eventLoops, Duration drainDelay, AccessLogFormat accessLog,
                         List<CidrRange> trustedProxies, int maxConnections, Duration headerTimeout,
                         Duration keepaliveTimeout, boolean fastHits, Path accessLogFile) {
    public NodeConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(drainDelay, "drainDelay");
        Objects.requireNonNull(accessLog, "accessLog");
        trustedProxies = List.copyOf(trustedProxies);
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(keepaliveTimeout, "keepaliveTimeout");
    }
}
