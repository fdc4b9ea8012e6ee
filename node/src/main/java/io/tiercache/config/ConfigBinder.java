package io.tiercache.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
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
    private static final List<String> NODE_KEYS = List.of("name", "listen", "event-loops", "drain-delay", "access-log");
    private static final List<String> ORIGIN_KEYS =
            List.of("url", "connect-timeout", "read-timeout", "max-connections", "preserve-host");
    private static final List<String> CACHE_KEYS = List.of("hot-tier-size", "shared-size", "max-object-size",
            "inactive", "max-variants", "tag-headers", "lock-timeout", "lock-age", "hit-for-miss");
    private static final List<String> CLUSTER_KEYS = List.of("name", "port", "bind", "public-address", "members",
            "discovery", "kubernetes-service-dns", "heartbeat-timeout", "merge-delay");
    private static final List<String> ADMIN_KEYS = List.of("listen", "purge-token", "purge-allow");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final String NAME_RULE = "use letters, digits, '.', '_' and '-' only";
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    private ConfigBinder() {
    }

    static TierCacheConfig bind(ConfigNode root) {
        root.requireMap(SECTIONS);
        ClusterConfig cluster = cluster(root.get("cluster").requireMap(CLUSTER_KEYS));
        return new TierCacheConfig(
                node(root.get("node").requireMap(NODE_KEYS), cluster.port()),
                origin(root.get("origin").requireMap(ORIGIN_KEYS)),
                cache(root.get("cache").requireMap(CACHE_KEYS)),
                cluster,
                admin(root.get("admin").requireMap(ADMIN_KEYS)),
                RouteBinder.routes(root.get("routes")));
    }

    private static NodeConfig node(ConfigNode node, int clusterPort) {
        ConfigNode name = node.get("name");
        String nodeName = name.isPresent() ? plainName(name) : hostName() + "-" + clusterPort;
        return new NodeConfig(nodeName,
                node.get("listen").parsed(HostPort::parse, new HostPort("0.0.0.0", 8080)),
                node.get("event-loops").integer(Runtime.getRuntime().availableProcessors(), 1, Integer.MAX_VALUE),
                node.get("drain-delay").duration(Duration.ofSeconds(3)),
                node.get("access-log").oneOf(AccessLogFormat.values(), AccessLogFormat::configName, AccessLogFormat.TEXT));
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
        long sharedBytes = cache.get("shared-size").size(512 * MIB, MIB);
        ConfigNode maxObject = cache.get("max-object-size");
        long largestObject = sharedBytes / CacheConfig.OBJECTS_PER_BUDGET;
        long maxObjectBytes = maxObject.size(Math.min(8 * MIB, largestObject), KIB);
        if (maxObjectBytes > largestObject) {
            throw maxObject.fail("'" + SizeValue.format(maxObjectBytes) + "' is more than 1/"
                    + CacheConfig.OBJECTS_PER_BUDGET + " of cache.shared-size (" + SizeValue.format(sharedBytes)
                    + "); use at most " + SizeValue.format(largestObject) + ", or raise cache.shared-size");
        }
        return new CacheConfig(
                cache.get("hot-tier-size").size(64 * MIB, 0),
                sharedBytes,
                maxObjectBytes,
                cache.get("inactive").positiveDuration(Duration.ofMinutes(10)),
                cache.get("max-variants").integer(16, 1, 1024),
                tagHeaders(cache.get("tag-headers")),
                cache.get("lock-timeout").positiveDuration(Duration.ofSeconds(5)),
                cache.get("lock-age").positiveDuration(Duration.ofSeconds(10)),
                cache.get("hit-for-miss").positiveDuration(Duration.ofMinutes(2)));
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
                cluster.get("merge-delay").positiveDuration(Duration.ofSeconds(30)));
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
        List<CidrRange> purgeAllow = new ArrayList<>();
        for (ConfigNode item : admin.get("purge-allow").items()) {
            purgeAllow.add(item.parsed(CidrRange::parse, null));
        }
        return new AdminConfig(
                admin.get("listen").parsed(HostPort::parse, new HostPort("127.0.0.1", 9090)),
                purgeToken(admin.get("purge-token")),
                purgeAllow);
    }

    /** Checked without quoting the value, because error messages end up in logs. */
    private static String purgeToken(ConfigNode node) {
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
