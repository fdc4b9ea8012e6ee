package io.tiercache.config;

import java.time.Duration;
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
 * @param heartbeatTimeout     a member silent this long is dropped (a network partition is noticed after it)
 * @param mergeDelay           how often sides of a healed split look for each other to merge
 * @param secret               shared by the fleet's nodes: it keeps other members out and authenticates
 *                             the cluster's messages; {@code null} only on a loopback bind
 */
public record ClusterConfig(String name, int port, String bind, String publicAddress, List<HostPort> members,
                            Discovery discovery, String kubernetesServiceDns, Duration heartbeatTimeout,
                            Duration mergeDelay, String secret) {
    public ClusterConfig {
        Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
        Objects.requireNonNull(mergeDelay, "mergeDelay");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bind, "bind");
        members = List.copyOf(members);
        Objects.requireNonNull(discovery, "discovery");
    }

    /** Leaves the secret out, because the effective config gets logged. */
    @Override
    public String toString() {
        return "ClusterConfig[name=" + name + ", port=" + port + ", bind=" + bind + ", publicAddress=" + publicAddress
                + ", members=" + members + ", discovery=" + discovery + ", kubernetesServiceDns=" + kubernetesServiceDns
                + ", heartbeatTimeout=" + heartbeatTimeout + ", mergeDelay=" + mergeDelay
                + ", secret=" + (secret == null ? "none" : "(set)") + "]";
    }
}
