package io.tiercache.config;

import java.util.List;
import java.util.Objects;

/**
 * The Hazelcast cluster this node joins.
 *
 * @param name                 cluster name; only members with the same name join each other
 * @param port                 the Hazelcast member port
 * @param bind                 the address Hazelcast binds to
 * @param publicAddress        {@code host} or {@code host:port} advertised to other members, or {@code null}
 * @param members              the join list for {@link Discovery#TCP_IP}
 * @param discovery            how members find each other
 * @param kubernetesServiceDns the headless service for {@link Discovery#KUBERNETES}, or {@code null}
 */
public record ClusterConfig(String name, int port, String bind, String publicAddress, List<HostPort> members,
                            Discovery discovery, String kubernetesServiceDns) {
    public ClusterConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bind, "bind");
        members = List.copyOf(members);
        Objects.requireNonNull(discovery, "discovery");
    }
}
