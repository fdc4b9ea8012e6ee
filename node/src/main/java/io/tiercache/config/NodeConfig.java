package io.tiercache.config;

import java.util.Objects;

/**
 * This node's identity and its public HTTP listener.
 *
 * @param name       unique within the cluster; shown in logs, metrics and the admin API
 * @param listen     where the proxy accepts client requests; port 0 picks a free port
 * @param eventLoops the number of Vert.x event loop threads
 */
public record NodeConfig(String name, HostPort listen, int eventLoops) {
    public NodeConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(listen, "listen");
    }
}
