package io.tiercache.config;

import java.util.Locale;

/** How a node finds the other members of its Hazelcast cluster. */
public enum Discovery {
    /** A fixed member list ({@code cluster.members}). */
    TCP_IP,
    /** Members found through a headless Kubernetes service ({@code cluster.kubernetes-service-dns}). */
    KUBERNETES,
    /** Members found by IP multicast on the local network; only when asked for. */
    MULTICAST;

    /** The name used in the config file, e.g. {@code tcp-ip}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
