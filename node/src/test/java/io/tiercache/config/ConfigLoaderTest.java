package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.config.CacheKeyTemplate.RequestCookie;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
    private static final long MIB = 1024 * 1024;
    private static final String SECRET = "0123456789abcdef0123";

    @TempDir
    Path dir;

    @Test
    void readsABareOffAsTheWordForEnumKeys() {
        // YAML 1.1 turns a bare `off` into false; for an enum key it must still mean "off".
        assertThat(ConfigLoader.fromYaml("node: {access-log: off}").node().accessLog()).isEqualTo(AccessLogFormat.OFF);
    }

    @Test
    void emptyYamlGivesTheDocumentedDefaults() {
        TierCacheConfig config = ConfigLoader.fromYaml("");

        assertThat(config.node().name()).endsWith("-5701");
        assertThat(config.node().listen()).isEqualTo(new HostPort("0.0.0.0", 8080));
        assertThat(config.node().eventLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(config.node().drainDelay()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.node().accessLog()).isEqualTo(AccessLogFormat.TEXT);
        assertThat(config.origin()).isEqualTo(new OriginConfig(URI.create("http://127.0.0.1:8000"),
                Duration.ofSeconds(5), Duration.ofSeconds(60), 64, true));
        assertThat(config.cache()).isEqualTo(new CacheConfig(64 * MIB, 512 * MIB, 8 * MIB, Duration.ofMinutes(10), 16,
                List.of("Surrogate-Key", "Cache-Tag"), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMinutes(2),
                StatusDetail.FULL, List.of("Tiercache-Cache-Control", "CDN-Cache-Control"), true, Duration.ofDays(1),
                Duration.ofHours(1), MIB, RouteCompression.OFF));
        assertThat(config.cluster()).isEqualTo(new ClusterConfig("tiercache", 5701, "127.0.0.1", null,
                List.of(new HostPort("127.0.0.1", 5701)), Discovery.TCP_IP, null, Duration.ofSeconds(15),
                Duration.ofSeconds(30), null));
        assertThat(config.admin()).isEqualTo(new AdminConfig(new HostPort("127.0.0.1", 9090), null, List.of(), null));
        assertThat(config.node().trustedProxies()).isEmpty();
        assertThat(config.routes()).isEmpty();
    }

    @Test
    void emptyOrCommentOnlyFileGivesDefaults() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "");
        Path comments = Files.writeString(dir.resolve("comments.yaml"), "# nothing here yet\n");

        assertThat(load(empty).cluster()).isEqualTo(ConfigLoader.fromYaml("").cluster());
        assertThat(load(comments).origin()).isEqualTo(ConfigLoader.fromYaml("").origin());
    }

    @Test
    void noFileGivesDefaults() {
        TierCacheConfig config = ConfigLoader.load(null, List.of(), Map.of());

        assertThat(config.admin()).isEqualTo(ConfigLoader.fromYaml("").admin());
        assertThat(config.routes()).isEmpty();
    }

    @Test
    void parsesEveryKey() {
        TierCacheConfig config = ConfigLoader.fromYaml("""
                node:
                  name: cache-a
                  listen: "[::]:8081"
                  event-loops: 3
                  drain-delay: 10s
                  access-log: json
                  access-log-file: /var/log/tiercache/access.log
                  trusted-proxies: [10.1.0.0/16, "fd00::1"]
                  max-connections: 100
                  header-timeout: 5s
                  keepalive-timeout: 30s
                  fast-hits: false
                origin:
                  url: https://cms.internal:8443/
                  connect-timeout: 2s
                  read-timeout: 90s
                  max-connections: 200
                  preserve-host: false
                cache:
                  hot-tier-size: 0
                  shared-size: 2g
                  max-object-size: 512k
                  inactive: 1h
                  max-variants: 4
                  tag-headers: [X-Tags]
                  lock-timeout: 1500ms
                  lock-age: 30s
                  hit-for-miss: 45s
                  status-detail: minimal
                  targeted-fields: [Shop-Cache-Control]
                  heuristic-freshness: false
                  heuristic-max: 6h
                  stale-if-unreachable: 10m
                  slice-size: 256k
                cluster:
                  name: shop-prod
                  port: 5801
                  bind: 10.0.0.5
                  public-address: 203.0.113.5:5801
                  members: [10.0.0.5, "10.0.0.6:5802", "[fd00::7]"]
                  discovery: kubernetes
                  kubernetes-service-dns: tiercache-hs.default.svc.cluster.local
                  heartbeat-timeout: 8s
                  merge-delay: 1m
                  secret: 0123456789abcdef0123
                admin:
                  listen: 0.0.0.0:0
                  purge-token: s3cret
                  purge-allow: [10.0.0.0/8, 127.0.0.1, "::1/128"]
                  read-token: r3ad
                routes:
                  - name: blog
                    match: {prefix: /blog/, regex: "^/blog/[0-9]+", extensions: [.HTML, htm]}
                    cache: true
                    ttl: {200: 24h, "301 302": 1h, 404: 1m, any: 10s}
                    ignore-headers: [cache-control, Expires, set-cookie, x-accel-expires]
                    key: "{host}{path}{query}#{cookie.lang}"
                    bypass: {headers: [Authorization, X-Preview], cookies: [session_id]}
                    stale-while-revalidate: 1m
                    stale-if-error: 1d
                    use-stale: [error, timeout, http_503, http_429]
                    client-no-cache: ignore
                    heuristic-freshness: true
                    force-refresh-header: X-Force-Refresh
                    stale-if-unreachable: 0s
                  - match: {prefix: /api/, encoded-slash: keep}
                    cache: false
                    forward-headers: [x-original-url, X-HTTP-Method-Override]
                    content-type-must-match-extension: true
                    slice-size: off
                """);

        assertThat(config.node()).isEqualTo(new NodeConfig("cache-a", new HostPort("::", 8081), 3, Duration.ofSeconds(10),
                AccessLogFormat.JSON, List.of(CidrRange.parse("10.1.0.0/16"), CidrRange.parse("fd00::1")), 100,
                Duration.ofSeconds(5), Duration.ofSeconds(30), false,
                java.nio.file.Path.of("/var/log/tiercache/access.log")));
        assertThat(config.origin()).isEqualTo(new OriginConfig(URI.create("https://cms.internal:8443/"),
                Duration.ofSeconds(2), Duration.ofSeconds(90), 200, false));
        assertThat(config.cache()).isEqualTo(new CacheConfig(0, 2048 * MIB, 512 * 1024, Duration.ofHours(1), 4,
                List.of("X-Tags"), Duration.ofMillis(1500), Duration.ofSeconds(30), Duration.ofSeconds(45),
                StatusDetail.MINIMAL, List.of("Shop-Cache-Control"), false, Duration.ofHours(6), Duration.ofMinutes(10),
                256 * 1024, RouteCompression.OFF));
        assertThat(config.cluster()).isEqualTo(new ClusterConfig("shop-prod", 5801, "10.0.0.5", "203.0.113.5:5801",
                List.of(new HostPort("10.0.0.5", 5801), new HostPort("10.0.0.6", 5802), new HostPort("fd00::7", 5801)),
                Discovery.KUBERNETES, "tiercache-hs.default.svc.cluster.local", Duration.ofSeconds(8), Duration.ofMinutes(1),
                "0123456789abcdef0123"));
        assertThat(config.admin()).isEqualTo(new AdminConfig(new HostPort("0.0.0.0", 0), "s3cret",
                List.of(CidrRange.parse("10.0.0.0/8"), CidrRange.parse("127.0.0.1"), CidrRange.parse("::1/128")),
                "r3ad"));
        assertThat(config.routes()).containsExactly(
                new RouteConfig("blog",
                        new RouteMatch("/blog/", Pattern.compile("^/blog/[0-9]+"), Set.of("html", "htm")),
                        true,
                        new TtlRules(Map.of(200, Duration.ofHours(24), 301, Duration.ofHours(1),
                                302, Duration.ofHours(1), 404, Duration.ofMinutes(1)), Duration.ofSeconds(10)),
                        Set.of(IgnoredHeader.values()),
                        CacheKeyTemplate.parse("{host}{path}{query}#{cookie.lang}"),
                        new Bypass(List.of("Authorization", "X-Preview"), List.of("session_id")),
                        Duration.ofMinutes(1),
                        Duration.ofDays(1),
                        Set.of(StaleCondition.ERROR, StaleCondition.TIMEOUT, StaleCondition.HTTP_503,
                                StaleCondition.HTTP_429),
                        ClientNoCache.IGNORE,
                        true,
                        "X-Force-Refresh",
                        Set.of(),
                        false,
                        Duration.ZERO, OptionalLong.empty(), null),
                new RouteConfig("route-1", new RouteMatch("/api/", null, Set.of(), true), false, TtlRules.none(), Set.of(),
                        CacheKeyTemplate.defaultTemplate(), Bypass.defaults(), Duration.ZERO, Duration.ZERO,
                        StaleCondition.defaults(), ClientNoCache.HONOUR, null, null,
                        Set.of(StrippedHeader.X_ORIGINAL_URL, StrippedHeader.X_HTTP_METHOD_OVERRIDE), true, null,
                        OptionalLong.of(0), null));
        assertThat(config.routes().get(0).key().parts()).endsWith(new RequestCookie("lang"));
    }

    @Test
    void compressIsOffByDefaultOnTakesTheDefaultsAndAMapChoosesCodingsTypesAndMinSize() {
        TierCacheConfig config = ConfigLoader.fromYaml("""
                routes:
                  - {match: {prefix: /plain/}}
                  - {match: {prefix: /on/}, compress: on}
                  - {match: {prefix: /off/}, compress: off}
                  - {match: {prefix: /own/}, compress: {codings: [gzip], types: [Text/HTML, image/svg+xml], min-size: 2k}}
                """);

        assertThat(config.routes().get(0).compress()).isNull();
        assertThat(config.cache().compress()).isEqualTo(RouteCompression.OFF);
        assertThat(config.routes().get(1).compress()).isEqualTo(new RouteCompression(
                List.of(RouteCompression.Coding.BR, RouteCompression.Coding.GZIP), RouteCompression.DEFAULT_TYPES, 1024));
        assertThat(config.routes().get(2).compress().enabled()).isFalse();
        assertThat(config.routes().get(3).compress()).isEqualTo(new RouteCompression(
                List.of(RouteCompression.Coding.GZIP), Set.of("text/html", "image/svg+xml"), 2048));
    }

    @Test
    void compressSetForTheCacheIsTakenByRoutesThatDoNotSetTheirOwn() {
        TierCacheConfig config = ConfigLoader.fromYaml("""
                cache: {compress: {codings: [gzip], min-size: 4k}}
                routes:
                  - {match: {prefix: /inherits/}}
                  - {match: {prefix: /off/}, compress: off}
                """);

        assertThat(config.cache().compress()).isEqualTo(new RouteCompression(List.of(RouteCompression.Coding.GZIP),
                RouteCompression.DEFAULT_TYPES, 4096));
        assertThat(config.routes().get(0).compress()).isNull();
        assertThat(config.routes().get(1).compress()).isEqualTo(RouteCompression.OFF);
    }

    @Test
    void sliceSizeDefaultsToOneMibWithinMaxObjectSizeAndRoutesMaySetTheirOwnOrTurnItOff() {
        TierCacheConfig config = ConfigLoader.fromYaml("""
                cache: {slice-size: "off"}
                routes:
                  - {match: {prefix: /video/}, slice-size: 4m}
                  - {match: {prefix: /iso/}}
                """);

        assertThat(ConfigLoader.fromYaml("").cache().sliceBytes()).isEqualTo(MIB);
        assertThat(ConfigLoader.fromYaml("cache: {max-object-size: 512k}").cache().sliceBytes()).isEqualTo(512 * 1024);
        assertThat(config.cache().sliceBytes()).isZero();
        assertThat(config.routes().get(0).sliceSize()).isEqualTo(OptionalLong.of(4 * MIB));
        assertThat(config.routes().get(1).sliceSize()).isEmpty();
    }

    @Test
    void acceptsQuotedNumbersAndBooleansAsFlagsWouldGiveThem() {
        TierCacheConfig config = ConfigLoader.fromYaml("""
                node: {event-loops: "2"}
                origin: {max-connections: "8", preserve-host: "FALSE"}
                cache: {max-variants: "3", hot-tier-size: "1024"}
                cluster: {port: "6000"}
                """);

        assertThat(config.node().eventLoops()).isEqualTo(2);
        assertThat(config.origin().maxConnections()).isEqualTo(8);
        assertThat(config.origin().preserveHost()).isFalse();
        assertThat(config.cache().maxVariants()).isEqualTo(3);
        assertThat(config.cache().hotTierBytes()).isEqualTo(1024);
        assertThat(config.cluster().port()).isEqualTo(6000);
    }

    @Test
    void plainNumbersAreSecondsForDurationsAndBytesForSizes() {
        TierCacheConfig config = ConfigLoader.fromYaml("""
                cache: {inactive: 90, shared-size: 16777216}
                routes: [{match: {prefix: /}, ttl: 3600}]
                """);

        assertThat(config.cache().inactive()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.cache().sharedBytes()).isEqualTo(16 * MIB);
        assertThat(config.cache().maxObjectBytes()).as("the default 8m is capped at 1/16 of shared-size").isEqualTo(MIB);
        assertThat(config.routes().get(0).ttl().forStatus(200)).contains(Duration.ofHours(1));
    }

    @Test
    void membersAcceptACommaSeparatedStringAndGiveBareHostsTheClusterPort() {
        TierCacheConfig config = ConfigLoader.fromYaml("""
                cluster: {port: 5801, members: "10.0.0.1, 10.0.0.2:5702,[::1]"}
                """);

        assertThat(config.cluster().members()).containsExactly(new HostPort("10.0.0.1", 5801),
                new HostPort("10.0.0.2", 5702), new HostPort("::1", 5801));
    }

    @Test
    void membersDefaultToThisNodeAtBindAndPortAfterOverrides() {
        TierCacheConfig config = ConfigLoader.load(null,
                List.of(new ConfigOverride("cluster.port", "5810", "--cluster-port")), Map.of());

        assertThat(config.cluster().members()).containsExactly(new HostPort("127.0.0.1", 5810));
        assertThat(config.node().name()).endsWith("-5810");
    }

    @ParameterizedTest(name = "bind {0}")
    @ValueSource(strings = {"0.0.0.0", "::"})
    void membersDefaultToLoopbackWhenBindIsAWildcard(String bind) {
        TierCacheConfig config = ConfigLoader.fromYaml("cluster: {bind: \"" + bind + "\", secret: " + SECRET + "}");

        assertThat(config.cluster().members()).containsExactly(new HostPort("127.0.0.1", 5701));
    }

    @Test
    void membersDefaultToTheBindAddressOtherwise() {
        TierCacheConfig config = ConfigLoader.fromYaml("cluster: {bind: 10.1.2.3, port: 6000, secret: " + SECRET + "}");

        assertThat(config.cluster().members()).containsExactly(new HostPort("10.1.2.3", 6000));
    }

    static List<Arguments> mainFlags() {
        return List.of(
                flag("--origin", "origin.url", "https://origin.test", c -> c.origin().url(), URI.create("https://origin.test")),
                flag("--listen", "node.listen", "127.0.0.1:0", c -> c.node().listen(), new HostPort("127.0.0.1", 0)),
                flag("--admin-listen", "admin.listen", "[::1]:9191", c -> c.admin().listen(), new HostPort("::1", 9191)),
                flag("--cluster-port", "cluster.port", "5999", c -> c.cluster().port(), 5999),
                flag("--members", "cluster.members", "127.0.0.1:5701,127.0.0.1:5702", c -> c.cluster().members(),
                        List.of(new HostPort("127.0.0.1", 5701), new HostPort("127.0.0.1", 5702))),
                flag("--cluster-name", "cluster.name", "test-42", c -> c.cluster().name(), "test-42"),
                flag("--node-name", "node.name", "node-b", c -> c.node().name(), "node-b"),
                flag("--purge-token", "admin.purge-token", "t0ken", c -> c.admin().purgeToken(), "t0ken"));
    }

    private static Arguments flag(String flag, String key, String value, Function<TierCacheConfig, Object> read,
                                  Object expected) {
        return Arguments.of(flag, key, value, read, expected);
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("mainFlags")
    void flagsSetTheirKeyOverTheFile(String flag, String key, String value, Function<TierCacheConfig, Object> read,
                                     Object expected) throws IOException {
        Path file = Files.writeString(dir.resolve("tiercache.yaml"), """
                origin: {url: "http://file.test"}
                node: {listen: "0.0.0.0:1111", name: file-node}
                admin: {listen: "127.0.0.1:2222", purge-token: file-token}
                cluster: {port: 3333, members: [10.9.9.9], name: file-cluster}
                """);

        TierCacheConfig config = ConfigLoader.load(file, List.of(new ConfigOverride(key, value, flag)), Map.of());

        assertThat(read.apply(config)).isEqualTo(expected);
    }

    @Test
    void flagWinsOverEnvironmentAndFile() throws IOException {
        Path file = Files.writeString(dir.resolve("tiercache.yaml"), "admin: {purge-token: from-file}\n");

        TierCacheConfig config = ConfigLoader.load(file,
                List.of(new ConfigOverride("admin.purge-token", "from-flag", "--purge-token")),
                Map.of(ConfigLoader.PURGE_TOKEN_ENV, "from-env"));

        assertThat(config.admin().purgeToken()).isEqualTo("from-flag");
    }

    @Test
    void environmentWinsOverFile() throws IOException {
        Path file = Files.writeString(dir.resolve("tiercache.yaml"), "admin: {purge-token: from-file}\n");

        TierCacheConfig config = ConfigLoader.load(file, List.of(), Map.of(ConfigLoader.PURGE_TOKEN_ENV, "from-env"));

        assertThat(config.admin().purgeToken()).isEqualTo("from-env");
    }

    @Test
    void readTokenComesFromTheEnvironmentToo() {
        TierCacheConfig config = ConfigLoader.load(null, List.of(), Map.of(ConfigLoader.READ_TOKEN_ENV, "r3ad"));

        assertThat(config.admin().readToken()).isEqualTo("r3ad");
        assertThat(config.admin().toString()).doesNotContain("r3ad");
    }

    @Test
    void emptyEnvironmentVariableCountsAsUnset() throws IOException {
        Path file = Files.writeString(dir.resolve("tiercache.yaml"), "admin: {purge-token: from-file}\n");

        TierCacheConfig config = ConfigLoader.load(file, List.of(), Map.of(ConfigLoader.PURGE_TOKEN_ENV, ""));

        assertThat(config.admin().purgeToken()).isEqualTo("from-file");
    }

    @Test
    void laterFlagForTheSameKeyWins() {
        TierCacheConfig config = ConfigLoader.load(null, List.of(
                new ConfigOverride("node.listen", "127.0.0.1:1", "--listen"),
                new ConfigOverride("node.listen", "127.0.0.1:2", "--listen")), Map.of());

        assertThat(config.node().listen().port()).isEqualTo(2);
    }

    @Test
    void flagReplacesAFileValueThatIsInTheWay() throws IOException {
        Path file = Files.writeString(dir.resolve("tiercache.yaml"), "origin: http://wrong-shape.test\n");

        TierCacheConfig config = ConfigLoader.load(file,
                List.of(new ConfigOverride("origin.url", "http://flag.test", "--origin")), Map.of());

        assertThat(config.origin().url()).isEqualTo(URI.create("http://flag.test"));
    }

    @Test
    void flagKeepsTheRestOfTheFileSection() throws IOException {
        Path file = Files.writeString(dir.resolve("tiercache.yaml"), "origin: {url: http://a.test, max-connections: 7}\n");

        TierCacheConfig config = ConfigLoader.load(file,
                List.of(new ConfigOverride("origin.url", "http://b.test", "--origin")), Map.of());

        assertThat(config.origin().url()).isEqualTo(URI.create("http://b.test"));
        assertThat(config.origin().maxConnections()).isEqualTo(7);
    }

    @Test
    void adminConfigNeverPrintsThePurgeToken() {
        AdminConfig admin = ConfigLoader.fromYaml("admin: {purge-token: hunter2}").admin();

        assertThat(admin.toString()).doesNotContain("hunter2").contains("purgeToken=(set)");
        assertThat(ConfigLoader.fromYaml("").admin().toString()).contains("purgeToken=none");
    }

    @Test
    void theClusterSecretComesFromTheEnvironmentAndIsNeverPrinted() {
        TierCacheConfig config = ConfigLoader.load(null, List.of(new ConfigOverride("cluster.bind", "0.0.0.0", "test")),
                Map.of(ConfigLoader.CLUSTER_SECRET_ENV, SECRET));

        assertThat(config.cluster().secret()).isEqualTo(SECRET);
        assertThat(config.cluster().toString()).doesNotContain(SECRET).contains("secret=(set)");
        assertThat(config.toString()).doesNotContain(SECRET);
        assertThat(ConfigLoader.fromYaml("").cluster().toString()).contains("secret=none");
    }

    @ParameterizedTest(name = "bind {0}")
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "::1", "localhost"})
    void aLoopbackBindNeedsNoSecret(String bind) {
        TierCacheConfig config = ConfigLoader.fromYaml("cluster: {bind: \"" + bind + "\"}");

        assertThat(config.cluster().secret()).isNull();
    }

    private static TierCacheConfig load(Path file) {
        return ConfigLoader.load(file, List.of(), Map.of());
    }
}
