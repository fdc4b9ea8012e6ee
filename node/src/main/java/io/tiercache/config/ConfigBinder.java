package io.tiercache.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns the parsed tree into {@link TierCacheConfig}: applies the defaults and checks every value.
 * Routes have their own {@link RouteBinder}.
 */
final class ConfigBinder {
    private static final List<String> SECTIONS = List.of("node", "origin", "cache", "cluster", "admin", "routes");
    private static final List<String> NODE_KEYS = List.of("name", "listen", "event-loops", "drain-delay", "access-log",
            "trusted-proxies", "max-connections", "header-timeout", "keepalive-timeout", "fast-hits",
            "access-log-file");
    private static final List<String> ORIGIN_KEYS =
            List.of("url", "connect-timeout", "read-timeout", "max-connections", "preserve-host");
    private static final List<String> CACHE_KEYS = List.of("hot-tier-size", "shared-size", "max-object-size",
            "inactive", "max-variants", "tag-headers", "lock-timeout", "lock-age", "hit-for-miss", "status-detail",
            "targeted-fields", "heuristic-freshness", "heuristic-max", "stale-if-unreachable", "slice-size",
            "compress");
    private static final List<String> CLUSTER_KEYS = List.of("name", "port", "bind", "public-address", "members",
            "discovery", "kubernetes-service-dns", "heartbeat-timeout", "merge-delay", "secret");
    private static final List<String> ADMIN_KEYS = List.of("listen", "purge-token", "purge-allow", "read-token");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final String NAME_RULE = "use letters, digits, '.', '_' and '-' only";
    private static final int SECRET_LENGTH = 16;
    private static final int SECRET_DISTINCT = 8;
    private static final String SECRET_RULE = "at least " + SECRET_LENGTH + " visible ASCII characters without spaces, "
            + SECRET_DISTINCT + " or more of them different, e.g. from openssl rand -hex 32";
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    private ConfigBinder() {
    }

    static TierCacheConfig bind(ConfigNode root) {
        root.requireMap(SECTIONS);
        ClusterConfig cluster = cluster(root.get("cluster").requireMap(CLUSTER_KEYS));
        OriginConfig origin = origin(root.get("origin").requireMap(ORIGIN_KEYS));
        CacheConfig cache = cache(root.get("cache").requireMap(CACHE_KEYS));
        return new TierCacheConfig(
                node(root.get("node").requireMap(NODE_KEYS), cluster.port(), origin, OpenFiles.limit()),
                origin,
                cache,
                cluster,
                admin(root.get("admin").requireMap(ADMIN_KEYS)),
                RouteBinder.routes(root.get("routes"), cache.maxObjectBytes()));
    }

    private static NodeConfig node(ConfigNode node, int clusterPort, OriginConfig origin, long openFileLimit) {
        ConfigNode name = node.get("name");
        String nodeName = name.isPresent() ? plainName(name) : hostName() + "-" + clusterPort;
        int eventLoops = node.get("event-loops").integer(Runtime.getRuntime().availableProcessors(), 1, Integer.MAX_VALUE);
        return new NodeConfig(nodeName,
                node.get("listen").parsed(HostPort::parse, new HostPort("0.0.0.0", 8080)),
                eventLoops,
                node.get("drain-delay").duration(Duration.ofSeconds(3)),
                node.get("access-log").oneOf(AccessLogFormat.values(), AccessLogFormat::configName, AccessLogFormat.TEXT),
                cidrs(node.get("trusted-proxies")),
                maxConnections(node.get("max-connections"), openFileLimit,
                        OpenFiles.reserved(origin.maxConnections(), eventLoops)),
                node.get("header-timeout").positiveDuration(Duration.ofSeconds(10)),
                node.get("keepalive-timeout").positiveDuration(Duration.ofSeconds(75)),
                node.get("fast-hits").bool(true),
                node.get("access-log-file").parsed(ConfigBinder::accessLogFile, null));
    }

    /** "-" (or no value) is standard output; anything else a file path. */
    private static Path accessLogFile(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("'" + text + "' is blank; give a file path, or - for standard output");
        }
        return text.equals("-") ? null : Path.of(text);
    }

    /** Client connections must fit the open-file limit beside origin connections, Hazelcast and files. */
    private static int maxConnections(ConfigNode node, long openFileLimit, long reserved) {
        String room = "this process may open " + openFileLimit + " files (ulimit -n) and keeps " + reserved
                + " of them for origin connections (origin.max-connections x node.event-loops), Hazelcast and files";
        if (!node.isPresent()) {
            int derived = OpenFiles.defaultMaxConnections(openFileLimit, reserved);
            if (derived < 1) {
                throw node.fail("no room for client connections: " + room + "; raise the limit (bin/run-node raises "
                        + "it to the hard limit) or lower origin.max-connections");
            }
            return derived;
        }
        int configured = node.integer(0, 1, Integer.MAX_VALUE);
        if (openFileLimit != OpenFiles.UNKNOWN && configured > openFileLimit - reserved) {
            throw node.fail("'" + configured + "' does not fit: " + room + "; use at most "
                    + Math.max(0, openFileLimit - reserved) + ", or raise the limit");
        }
        return configured;
    }

    /** The machine's name, which makes a default node name that is unique in most clusters. */
    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "tiercache";
        }
    }

    private static OriginConfig origin(ConfigNode origin) {
        return new OriginConfig(
                origin.get("url").parsed(ConfigBinder::originUrl, URI.create("http://127.0.0.1:8000")),
                origin.get("connect-timeout").positiveDuration(Duration.ofSeconds(5)),
                origin.get("read-timeout").positiveDuration(Duration.ofSeconds(60)),
                origin.get("max-connections").integer(64, 1, Integer.MAX_VALUE),
                origin.get("preserve-host").bool(true));
    }

    private static URI originUrl(String text) {
        String lowerCase = text.toLowerCase(Locale.ROOT);
        if (!lowerCase.startsWith("http://") && !lowerCase.startsWith("https://")) {
            throw new IllegalArgumentException("'" + text + "' is not an http:// or https:// URL");
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason());
        }
        if (url.getHost() == null) {
            String hint = url.getRawAuthority() != null && url.getRawAuthority().indexOf('_') >= 0
                    ? " (host names may not contain '_')" : "";
            throw new IllegalArgumentException("'" + text + "' has no valid host" + hint);
        }
        String path = url.getRawPath();
        boolean extra = url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null
                || !(path.isEmpty() || path.equals("/"));
        if (extra) {
            throw new IllegalArgumentException("'" + text
                    + "' has more than scheme, host and port; use e.g. http://127.0.0.1:8000");
        }
        return url;
    }

    private static CacheConfig cache(ConfigNode cache) {
        long hotTierBytes = cache.get("hot-tier-size").size(64 * MIB, 0);
        long sharedBytes = cache.get("shared-size").size(
                HeapRequirement.defaultSharedBytes(Runtime.getRuntime().maxMemory(), hotTierBytes), MIB);
        ConfigNode maxObject = cache.get("max-object-size");
        long largestObject = sharedBytes / CacheConfig.OBJECTS_PER_BUDGET;
        long maxObjectBytes = maxObject.size(Math.min(8 * MIB, largestObject), KIB);
        if (maxObjectBytes > largestObject) {
            throw maxObject.fail("'" + SizeValue.format(maxObjectBytes) + "' is more than 1/"
                    + CacheConfig.OBJECTS_PER_BUDGET + " of cache.shared-size (" + SizeValue.format(sharedBytes)
                    + "); use at most " + SizeValue.format(largestObject) + ", or raise cache.shared-size");
        }
        return new CacheConfig(
                hotTierBytes,
                sharedBytes,
                maxObjectBytes,
                cache.get("inactive").positiveDuration(Duration.ofMinutes(10)),
                cache.get("max-variants").integer(16, 1, 1024),
                tagHeaders(cache.get("tag-headers")),
                cache.get("lock-timeout").positiveDuration(Duration.ofSeconds(5)),
                cache.get("lock-age").positiveDuration(Duration.ofSeconds(10)),
                cache.get("hit-for-miss").positiveDuration(Duration.ofMinutes(2)),
                cache.get("status-detail").oneOf(StatusDetail.values(), StatusDetail::configName, StatusDetail.FULL),
                targetedFields(cache.get("targeted-fields")),
                cache.get("heuristic-freshness").bool(true),
                cache.get("heuristic-max").positiveDuration(Duration.ofDays(1)),
                cache.get("stale-if-unreachable").duration(Duration.ofHours(1)),
                sliceSize(cache.get("slice-size"), Math.min(MIB, maxObjectBytes), maxObjectBytes),
                RouteBinder.compress(cache.get("compress")));
    }

    /** RFC 9213 §2.2: this cache's target list; an empty list turns targeted fields off. */
    private static List<String> targetedFields(ConfigNode node) {
        if (!node.isPresent()) {
            return List.of("Tiercache-Cache-Control", "CDN-Cache-Control");
        }
        return headerNames(node);
    }

    /** Smaller slices than this would cost more in entries and origin requests than they save. */
    static final long MIN_SLICE = 64 * KIB;

    /** A slice size, or {@code off} (0); a slice is stored as one entry, so it must fit max-object-size. */
    static long sliceSize(ConfigNode slice, long fallback, long maxObjectBytes) {
        if (slice.isOff()) {
            return 0;
        }
        long bytes = slice.parsed(text -> {
            try {
                return SizeValue.parse(text);
            } catch (IllegalArgumentException notASize) {
                throw new IllegalArgumentException(notASize.getMessage() + ", or off");
            }
        }, fallback);
        if (bytes < MIN_SLICE) {
            throw slice.fail("'" + slice.text(null) + "' is too small; use at least " + SizeValue.format(MIN_SLICE)
                    + ", or off");
        }
        if (bytes > maxObjectBytes) {
            throw slice.fail("'" + SizeValue.format(bytes) + "' is more than cache.max-object-size ("
                    + SizeValue.format(maxObjectBytes) + "); each slice is stored as one object: use at most "
                    + SizeValue.format(maxObjectBytes) + ", or off");
        }
        return bytes;
    }

    private static List<String> tagHeaders(ConfigNode node) {
        if (!node.isPresent()) {
            return List.of("Surrogate-Key", "Cache-Tag");
        }
        List<String> headers = headerNames(node);
        if (headers.isEmpty()) {
            throw node.fail("needs at least one header name, e.g. [Surrogate-Key]");
        }
        return headers;
    }

    /** A list of header names, each an RFC 9110 token. */
    static List<String> headerNames(ConfigNode list) {
        List<String> names = new ArrayList<>();
        for (ConfigNode item : list.items()) {
            names.add(item.parsed(name -> HttpToken.require(name, "header name"), null));
        }
        return names;
    }

    private static ClusterConfig cluster(ConfigNode cluster) {
        int port = cluster.get("port").integer(5701, 1, 65_535);
        ConfigNode bindNode = cluster.get("bind");
        String bind = bindNode.parsed(ConfigBinder::host, "127.0.0.1");
        String publicAddress = cluster.get("public-address").parsed(address -> {
            HostPort.parse(address, port);
            return address;
        }, null);
        Discovery discovery = cluster.get("discovery").oneOf(Discovery.values(), Discovery::configName,
                Discovery.TCP_IP);
        ConfigNode serviceDns = cluster.get("kubernetes-service-dns");
        String service = serviceDns.parsed(ConfigBinder::host, null);
        if (discovery == Discovery.KUBERNETES && service == null) {
            throw serviceDns.fail("missing a value; discovery: kubernetes needs the headless service's DNS name, "
                    + "e.g. tiercache-hs.default.svc.cluster.local");
        }
        return new ClusterConfig(
                cluster.get("name").isPresent() ? plainName(cluster.get("name")) : "tiercache",
                port,
                bind,
                publicAddress,
                members(cluster.get("members"), bind, port),
                discovery,
                service,
                cluster.get("heartbeat-timeout").positiveDuration(Duration.ofSeconds(15)),
                cluster.get("merge-delay").positiveDuration(Duration.ofSeconds(30)),
                clusterSecret(cluster.get("secret"), bind, discovery));
    }

    /**
     * Required wherever another host can reach the cluster port: Hazelcast OSS lets any process that
     * knows the cluster name join, and a member can read, write and purge everything. Checked
     * without quoting the value, because error messages end up in logs.
     */
    private static String clusterSecret(ConfigNode node, String bind, Discovery discovery) {
        String secret = node.text(null);
        if (secret == null) {
            String exposure = discovery != Discovery.TCP_IP ? "discovery is " + discovery.configName()
                    : isLoopback(bind) ? null : "cluster.bind " + bind + " is not a loopback address";
            if (exposure != null) {
                throw node.fail("missing; " + exposure + ", so other hosts can reach the cluster port and only "
                        + "nodes that share a secret may join; set " + ConfigLoader.CLUSTER_SECRET_ENV
                        + " (or cluster.secret) to " + SECRET_RULE);
            }
            return null;
        }
        if (secret.length() < SECRET_LENGTH || !secret.chars().allMatch(c -> c > 0x20 && c < 0x7f)
                || secret.chars().distinct().count() < SECRET_DISTINCT) {
            throw node.fail("the secret must be " + SECRET_RULE + " (value not shown)");
        }
        return secret;
    }

    /** Every address the name stands for is a loopback one; a name that does not resolve is not trusted to be. */
    private static boolean isLoopback(String host) {
        try {
            return Arrays.stream(InetAddress.getAllByName(host)).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The join list; a bare host gets this node's cluster port, as members usually share it. */
    private static List<HostPort> members(ConfigNode node, String bind, int port) {
        if (!node.isPresent()) {
            return List.of(new HostPort(isWildcard(bind) ? "127.0.0.1" : bind, port));
        }
        List<HostPort> members = new ArrayList<>();
        for (ConfigNode item : node.items()) {
            HostPort member = item.parsed(text -> HostPort.parse(text, port), null);
            if (member.port() == 0) {
                throw item.fail("'" + item.text("") + "' is not HOST or HOST:PORT with a port 1..65535");
            }
            members.add(member);
        }
        return members;
    }

    /** A wildcard bind address accepts connections but cannot be dialled, so it cannot be a member address. */
    private static boolean isWildcard(String bind) {
        return bind.equals("0.0.0.0") || IpAddressLiteral.parse(bind).map(b -> b.length == 16
                && Arrays.equals(b, new byte[16])).orElse(false);
    }

    private static String host(String text) {
        if (!HostPort.isHost(text)) {
            throw new IllegalArgumentException("'" + text + "' is not a host name or IP address");
        }
        return text;
    }

    private static AdminConfig admin(ConfigNode admin) {
        return new AdminConfig(
                admin.get("listen").parsed(HostPort::parse, new HostPort("127.0.0.1", 9090)),
                token(admin.get("purge-token")),
                cidrs(admin.get("purge-allow")),
                token(admin.get("read-token")));
    }

    private static List<CidrRange> cidrs(ConfigNode list) {
        List<CidrRange> ranges = new ArrayList<>();
        for (ConfigNode item : list.items()) {
            ranges.add(item.parsed(CidrRange::parse, null));
        }
        return ranges;
    }

    /** Checked without quoting the value, because error messages end up in logs. */
    private static String token(ConfigNode node) {
        String token = node.text(null);
        if (token != null && (token.isEmpty() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw node.fail("the token must be non-empty visible ASCII without spaces (value not shown)");
        }
        return token;
    }

    private static String plainName(ConfigNode node) {
        String name = node.text("");
        if (!NAME.matcher(name).matches()) {
            throw node.fail("'" + name + "' is not a valid name; " + NAME_RULE);
        }
        return name;
    }
}
