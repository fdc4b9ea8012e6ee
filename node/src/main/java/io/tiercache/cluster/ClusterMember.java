package io.tiercache.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.CacheDeserializedValues;
import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.ReliableTopicConfig;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.spi.merge.DiscardMergePolicy;
import io.tiercache.config.ClusterConfig;
import io.tiercache.config.Discovery;
import io.tiercache.config.HostPort;
import io.tiercache.config.TierCacheConfig;
import io.tiercache.store.SharedEntries;
import io.tiercache.store.StoreSerialization;
import io.tiercache.store.StoredEntry;
import io.tiercache.store.UrlKeys;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The embedded Hazelcast member: joined by TCP-IP (loopback unless configured), Kubernetes DNS, or
 * multicast only when asked for; phone-home off; bound to one address. Its port speaks the member
 * protocol only (no client, REST or memcache protocol), and only members that share the cluster
 * secret join it ({@link ClusterSecret#wireName}). It owns the shared map
 * configuration: binary values, per-entry TTL, max-idle, eviction by heap, one backup, and the
 * indexes that purges query.
 */
public final class ClusterMember implements AutoCloseable {

    /** Member attribute carrying the tiercache node name, so that acks and stats can name members. */
    public static final String NODE_NAME_ATTRIBUTE = "tiercache.node";

    /**
     * Split brain: when the sides of a partition merge, the smaller side's cache entries are
     * dropped, not merged. A cache can always refetch; merging could bring back a page the larger
     * side purged during the split. Purges made on the smaller side are re-published by
     * {@link PurgeBus} once merged, and its nodes drop their hot tiers.
     */
    static final MergePolicyConfig DISCARD_MERGING_SIDE = new MergePolicyConfig(DiscardMergePolicy.class.getName(), 100);

    private final HazelcastInstance hazelcast;

    private ClusterMember(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    /**
     * Starts the member and joins the cluster. Blocking: call it off the event loop.
     *
     * @param purgeDelivery where purge events are handled (a Vert.x context), so that Hazelcast
     *                      does not start a thread per delivery
     */
    public static ClusterMember start(TierCacheConfig config, Executor purgeDelivery) {
        AsyncCallbacks.install();
        return new ClusterMember(Hazelcast.newHazelcastInstance(hazelcastConfig(config, purgeDelivery)));
    }

    public static Config hazelcastConfig(TierCacheConfig config, Executor purgeDelivery) {
        ClusterConfig cluster = config.cluster();
        ClusterSecret secret = ClusterSecret.of(cluster);
        Config hz = new Config();
        hz.setClusterName(secret.wireName());
        // Hazelcast prefixes its log lines with the cluster name, which with a secret is the name that joins.
        hz.setProperty("hazelcast.logging.details.enabled", Boolean.toString(!secret.authenticates()));
        hz.setInstanceName(config.node().name());
        hz.setProperty("hazelcast.phone.home.enabled", "false");
        hz.setProperty("hazelcast.logging.type", "slf4j");
        hz.setProperty("hazelcast.shutdownhook.enabled", "false");
        // A graceful leave hands partitions over; bounded so that SIGTERM ends within 30 s.
        hz.setProperty("hazelcast.graceful.shutdown.max.wait", "15");
        hz.getMetricsConfig().setEnabled(false);
        // Expired leases must wake their waiters promptly: a dead holder's lease ends after lock-age, not seconds later.
        hz.setProperty("hazelcast.internal.map.expiration.task.period.seconds", "1");
        hz.getMemberAttributeConfig().setAttribute(NODE_NAME_ATTRIBUTE, config.node().name());
        long heartbeatTimeout = Math.max(1, cluster.heartbeatTimeout().toSeconds());
        hz.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(heartbeatTimeout));
        hz.setProperty("hazelcast.heartbeat.interval.seconds", Long.toString(Math.max(1, heartbeatTimeout / 5)));
        long mergeDelay = Math.max(1, cluster.mergeDelay().toSeconds());
        hz.setProperty("hazelcast.merge.first.run.delay.seconds", Long.toString(mergeDelay));
        hz.setProperty("hazelcast.merge.next.run.delay.seconds", Long.toString(mergeDelay));

        // The advanced network config listens only on the endpoints it lists. The member endpoint
        // alone shuts out Hazelcast clients (and REST, memcache), which would get the whole data API.
        AdvancedNetworkConfig network = hz.getAdvancedNetworkConfig().setEnabled(true);
        ServerSocketEndpointConfig endpoint = new ServerSocketEndpointConfig();
        endpoint.setPort(cluster.port()).setPortAutoIncrement(false);
        String bindAddress = resolve(cluster.bind());
        if (isAnyAddress(bindAddress)) {
            hz.setProperty("hazelcast.socket.bind.any", "true");
        } else {
            hz.setProperty("hazelcast.socket.bind.any", "false");
            // Outgoing member connections leave from the bind address too, so they stay on it.
            hz.setProperty("hazelcast.socket.client.bind.any", "false");
            hz.setProperty("hazelcast.local.localAddress", bindAddress);
            endpoint.getInterfaces().setEnabled(true).addInterface(bindAddress);
        }
        if (cluster.publicAddress() != null) {
            endpoint.setPublicAddress(cluster.publicAddress());
        }
        network.setMemberEndpointConfig(endpoint);
        JoinConfig join = network.getJoin();
        join.getAutoDetectionConfig().setEnabled(false);
        join.getMulticastConfig().setEnabled(cluster.discovery() == Discovery.MULTICAST);
        join.getTcpIpConfig().setEnabled(cluster.discovery() == Discovery.TCP_IP).setMembers(memberList(cluster));
        if (cluster.discovery() == Discovery.KUBERNETES) {
            join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", cluster.kubernetesServiceDns());
        }

        hz.addMapConfig(entriesMap(config));
        // The URL index lives as long as the entries it names (per-entry TTL), so it needs no eviction;
        // a merging side drops it with the entries it names.
        hz.addMapConfig(new MapConfig(SharedEntries.URL_INDEX_MAP_NAME).setInMemoryFormat(InMemoryFormat.BINARY)
                .setBackupCount(1).setMergePolicyConfig(DISCARD_MERGING_SIDE));
        hz.addMapConfig(new MapConfig(RefreshLease.MAP_NAME).setBackupCount(1).setInMemoryFormat(InMemoryFormat.OBJECT)
                .setMergePolicyConfig(DISCARD_MERGING_SIDE));
        hz.addReliableTopicConfig(new ReliableTopicConfig(PurgeBus.TOPIC).setExecutor(purgeDelivery));
        hz.addRingBufferConfig(new RingbufferConfig("_hz_rb_" + PurgeBus.TOPIC).setCapacity(10_000).setBackupCount(1)
                .setMergePolicyConfig(DISCARD_MERGING_SIDE));
        hz.addExecutorConfig(new ExecutorConfig(MemberQuestions.EXECUTOR, MemberQuestions.THREADS)
                .setQueueCapacity(MemberQuestions.QUEUE));
        StoreSerialization.configure(hz.getSerializationConfig());
        ClusterSerialization.configure(hz.getSerializationConfig());
        return hz;
    }

    /**
     * The entries map. {@link SharedBudget} holds the entries this member owns to shared-size;
     * Hazelcast's own eviction stays as a backstop on all it holds here, owned entries and backups,
     * at twice that: it evicts only one entry per put, from the partition written, so it cannot
     * hold a bound itself. LRU also makes each record keep its last access time, which the keeper
     * reads. The indexes are those purges query (path and query, host, tags, path prefix); a URL
     * purge finds its keys through the URL map instead. Measured (1 KiB entries, one member), the
     * unused URL index and the deserialized copies records kept for the indexes took 2.7 KB per entry.
     */
    private static MapConfig entriesMap(TierCacheConfig config) {
        long backstop = 2 * (config.cache().sharedBytes() + config.cache().maxObjectBytes());
        long megabytes = Math.max(1, backstop / (1024 * 1024));
        MapConfig map = new MapConfig(SharedEntries.MAP_NAME)
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setBackupCount(1)
                .setAsyncBackupCount(0)
                .setStatisticsEnabled(true)
                // The indexes read attributes from a deserialized entry; left to its default, each record
                // would keep that copy (the whole response, body included) for as long as it lives.
                .setCacheDeserializedValues(CacheDeserializedValues.NEVER)
                .setMergePolicyConfig(DISCARD_MERGING_SIDE)
                .setEvictionConfig(new EvictionConfig()
                        .setEvictionPolicy(EvictionPolicy.LRU)
                        .setMaxSizePolicy(MaxSizePolicy.USED_HEAP_SIZE)
                        .setSize((int) Math.min(Integer.MAX_VALUE, megabytes)));
        map.addIndexConfig(new IndexConfig(IndexType.HASH, SharedEntries.PATH_QUERY));
        map.addIndexConfig(new IndexConfig(IndexType.HASH, SharedEntries.HOST));
        map.addIndexConfig(new IndexConfig(IndexType.HASH, SharedEntries.TAGS));
        map.addIndexConfig(new IndexConfig(IndexType.SORTED, SharedEntries.PATH));
        return map;
    }

    private static List<String> memberList(ClusterConfig cluster) {
        List<String> members = new ArrayList<>();
        for (HostPort member : cluster.members()) {
            members.add(member.toString());
        }
        return members;
    }

    private static String resolve(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cluster.bind: cannot resolve '" + host + "'", e);
        }
    }

    private static boolean isAnyAddress(String address) {
        return address.equals("0.0.0.0") || address.equals("0:0:0:0:0:0:0:0") || address.equals("::");
    }

    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    public IMap<String, StoredEntry> entries() {
        return hazelcast.getMap(SharedEntries.MAP_NAME);
    }

    /** The partition that owns a key of the cluster's maps. */
    public int partitionOf(Object key) {
        return hazelcast.getPartitionService().getPartition(key).getPartitionId();
    }

    public IMap<String, UrlKeys> urlIndex() {
        return hazelcast.getMap(SharedEntries.URL_INDEX_MAP_NAME);
    }

    public boolean running() {
        return hazelcast.getLifecycleService().isRunning();
    }

    /** Node names of the current members, this one included. */
    public List<String> memberNames() {
        List<String> names = new ArrayList<>();
        for (Member member : hazelcast.getCluster().getMembers()) {
            String name = member.getAttribute(NODE_NAME_ATTRIBUTE);
            names.add(name != null ? name : member.getAddress().toString());
        }
        return names;
    }

    /** Leaves the cluster gracefully: partitions and their backups migrate to the other members first. */
    @Override
    public void close() {
        if (running()) {
            hazelcast.shutdown();
        }
    }
}
