package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every mistake is one line naming the key, where it came from, the bad value and what is allowed. */
class ConfigErrorsTest {
    private static final String ROUTE_KEYS = "name, match, cache, ttl, ignore-headers, key, bypass, "
            + "stale-while-revalidate, stale-if-error, use-stale, client-no-cache, heuristic-freshness, "
            + "force-refresh-header, forward-headers, content-type-must-match-extension, stale-if-unreachable, slice-size, compress";
    private static final String DURATION = "is not a duration; use a number with a unit such as 500ms, 30s, 10m, 24h or 30d";
    private static final String TOKEN_RULE = "use letters, digits and !#$%&'*+-.^_`|~ only";
    private static final String SECRET_RULE = "at least 16 visible ASCII characters without spaces, 8 or more of "
            + "them different, e.g. from openssl rand -hex 32";
    private static final String SECRET_NEEDED = "so other hosts can reach the cluster port and only nodes that share "
            + "a secret may join; set TIERCACHE_CLUSTER_SECRET (or cluster.secret) to " + SECRET_RULE;
    private static final String MATCH_HINT = "give at least one of prefix, regex, extensions, e.g. {prefix: /blog/}";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            cache: {max-objekt-size: 1m}                   | cache.max-objekt-size    | unknown config key 'cache.max-objekt-size' in tiercache.yaml; allowed under 'cache': hot-tier-size, shared-size, max-object-size, inactive, max-variants, tag-headers, lock-timeout, lock-age, hit-for-miss, status-detail, targeted-fields, heuristic-freshness, heuristic-max, stale-if-unreachable, slice-size, compress
            caches: {}                                     | caches                   | unknown config key 'caches' in tiercache.yaml; allowed at the top level: node, origin, cache, cluster, admin, routes
            'routes: [{match: {prefix: /}, tll: 1h}]'      | routes[0].tll            | unknown config key 'routes[0].tll' in tiercache.yaml; allowed under 'routes[0]': ROUTE_KEYS
            'routes: [{match: {path: /}}]'                 | routes[0].match.path     | unknown config key 'routes[0].match.path' in tiercache.yaml; allowed under 'routes[0].match': prefix, regex, extensions, encoded-slash
            'routes: [{match: {prefix: /}, bypass: {header: [X]}}]' | routes[0].bypass.header | unknown config key 'routes[0].bypass.header' in tiercache.yaml; allowed under 'routes[0].bypass': headers, cookies
            'routes: [{match: {prefix: /a}}, {match: {prefix: /b}, ttl: 10 minutes}]' | routes[1].ttl | config key 'routes[1].ttl' in tiercache.yaml: '10 minutes' DURATION
            'routes: [{match: {prefix: /}, ttl: {200: 1 hour}}]' | routes[0].ttl.200 | config key 'routes[0].ttl.200' in tiercache.yaml: '1 hour' DURATION
            'routes: [{match: {prefix: /}, ttl: {"200 700": 1h}}]' | routes[0].ttl["200 700"] | config key 'routes[0].ttl["200 700"]' in tiercache.yaml: '700' is not an HTTP status; use statuses 100..599 separated by spaces, or any
            'routes: [{match: {prefix: /}, ttl: {ok: 1h}}]' | routes[0].ttl.ok        | config key 'routes[0].ttl.ok' in tiercache.yaml: 'ok' is not an HTTP status; use statuses 100..599 separated by spaces, or any
            'routes: [{match: {prefix: /}, ttl: {200: 1h, "200 301": 1m}}]' | routes[0].ttl["200 301"] | config key 'routes[0].ttl["200 301"]' in tiercache.yaml: status 200 has a ttl already
            'routes: [{match: {prefix: /}, ttl: {200: ~}}]' | routes[0].ttl.200       | config key 'routes[0].ttl.200' in tiercache.yaml: missing a duration
            'routes: [{match: {prefix: /}, ttl: [1h]}]'    | routes[0].ttl            | config key 'routes[0].ttl' in tiercache.yaml: expected a single value but found a list
            'origin: [http://a]'                           | origin                   | config key 'origin' in tiercache.yaml: expected a map with keys url, connect-timeout, read-timeout, max-connections, preserve-host but found a list
            'origin: {url: [http://a]}'                    | origin.url               | config key 'origin.url' in tiercache.yaml: expected a single value but found a list
            'routes: {blog: {match: {prefix: /}}}'         | routes                   | config key 'routes' in tiercache.yaml: expected a list but found a map
            'routes: [blog]'                               | routes[0]                | config key 'routes[0]' in tiercache.yaml: expected a map with keys ROUTE_KEYS but found 'blog'
            'routes: [~]'                                  | routes[0]                | config key 'routes[0]' in tiercache.yaml: the list item is empty; give a value or remove it
            'routes: [{match: [/blog/]}]'                  | routes[0].match          | config key 'routes[0].match' in tiercache.yaml: expected a map with keys prefix, regex, extensions, encoded-slash but found a list
            'routes: [{name: blog, ttl: 1h}]'              | routes[0].match          | config key 'routes[0].match' in tiercache.yaml: missing; MATCH_HINT
            'routes: [{match: {}}]'                        | routes[0].match          | config key 'routes[0].match' in tiercache.yaml: is empty; MATCH_HINT
            'routes: [{match: {extensions: []}}]'          | routes[0].match          | config key 'routes[0].match' in tiercache.yaml: is empty; MATCH_HINT
            'routes: [{match: {regex: "^/api/("}}]'        | routes[0].match.regex    | config key 'routes[0].match.regex' in tiercache.yaml: '^/api/(' is not a valid regex: Unclosed group near index 7
            'routes: [{match: {prefix: blog/}}]'           | routes[0].match.prefix   | config key 'routes[0].match.prefix' in tiercache.yaml: 'blog/' does not start with '/', so no path would match
            'routes: [{match: {extensions: [tar.gz]}}]'    | routes[0].match.extensions[0] | config key 'routes[0].match.extensions[0]' in tiercache.yaml: 'tar.gz' is not a file extension; give the text after the last dot, such as css or gz
            'routes: [{name: a, match: {prefix: /a}}, {name: a, match: {prefix: /b}}]' | routes[1].name | config key 'routes[1].name' in tiercache.yaml: 'a' is already the name of routes[0]; route names must be unique
            'routes: [{match: {prefix: /a}}, {name: route-0, match: {prefix: /b}}]' | routes[1].name | config key 'routes[1].name' in tiercache.yaml: 'route-0' is already the name of routes[0]; route names must be unique
            'routes: [{name: default, match: {prefix: /}}]' | routes[0].name          | config key 'routes[0].name' in tiercache.yaml: 'default' is reserved for the implicit catch-all route; choose another name
            'routes: [{name: " ", match: {prefix: /}}]'    | routes[0].name           | config key 'routes[0].name' in tiercache.yaml: the route name is empty
            'routes: [{match: {prefix: /}, cache: maybe}]' | routes[0].cache          | config key 'routes[0].cache' in tiercache.yaml: 'maybe' is not true or false
            'routes: [{match: {prefix: /}, use-stale: [error, http_501]}]' | routes[0].use-stale[1] | config key 'routes[0].use-stale[1]' in tiercache.yaml: 'http_501' is not one of error, timeout, http_500, http_502, http_503, http_504, http_403, http_404, http_429
            'routes: [{match: {prefix: /}, ignore-headers: [vary]}]' | routes[0].ignore-headers[0] | config key 'routes[0].ignore-headers[0]' in tiercache.yaml: 'vary' is not one of cache-control, expires, set-cookie, x-accel-expires
            'routes: [{match: {prefix: /}, client-no-cache: obey}]' | routes[0].client-no-cache | config key 'routes[0].client-no-cache' in tiercache.yaml: 'obey' is not one of honour, ignore
            'routes: [{match: {prefix: /}, key: "{host}{url}"}]' | routes[0].key      | config key 'routes[0].key' in tiercache.yaml: '{host}{url}' has unknown variable '{url}'; allowed: {scheme}, {host}, {path}, {query}, {header.NAME}, {cookie.NAME}
            'routes: [{match: {prefix: /}, bypass: [Authorization]}]' | routes[0].bypass | config key 'routes[0].bypass' in tiercache.yaml: expected a map with keys headers, cookies but found a list
            'routes: [{match: {prefix: /}, bypass: {headers: ["Bad Header"]}}]' | routes[0].bypass.headers[0] | config key 'routes[0].bypass.headers[0]' in tiercache.yaml: 'Bad Header' is not a valid header name; TOKEN_RULE
            'routes: [{match: {prefix: /}, bypass: {cookies: ["a;b"]}}]' | routes[0].bypass.cookies[0] | config key 'routes[0].bypass.cookies[0]' in tiercache.yaml: 'a;b' is not a valid cookie name; TOKEN_RULE
            'routes: [{match: {prefix: /}, force-refresh-header: "X:Refresh"}]' | routes[0].force-refresh-header | config key 'routes[0].force-refresh-header' in tiercache.yaml: 'X:Refresh' is not a valid header name; TOKEN_RULE
            'routes: [{match: {prefix: /}, stale-if-error: -1s}]' | routes[0].stale-if-error | config key 'routes[0].stale-if-error' in tiercache.yaml: '-1s' DURATION
            'routes: [{match: {prefix: /}, stale-if-unreachable: 1 hour}]' | routes[0].stale-if-unreachable | config key 'routes[0].stale-if-unreachable' in tiercache.yaml: '1 hour' DURATION
            'routes: [{match: {prefix: /}, heuristic-freshness: yes please}]' | routes[0].heuristic-freshness | config key 'routes[0].heuristic-freshness' in tiercache.yaml: 'yes please' is not true or false
            'cache: {targeted-fields: ["CDN Cache-Control"]}' | cache.targeted-fields[0] | config key 'cache.targeted-fields[0]' in tiercache.yaml: 'CDN Cache-Control' is not a valid header name; TOKEN_RULE
            'cache: {heuristic-freshness: sometimes}'      | cache.heuristic-freshness | config key 'cache.heuristic-freshness' in tiercache.yaml: 'sometimes' is not true or false
            'cache: {heuristic-max: 0s}'                   | cache.heuristic-max      | config key 'cache.heuristic-max' in tiercache.yaml: '0s' is too short; use more than 0, e.g. 5s
            'cache: {stale-if-unreachable: forever}'       | cache.stale-if-unreachable | config key 'cache.stale-if-unreachable' in tiercache.yaml: 'forever' DURATION
            cluster: {discovery: zookeeper}                | cluster.discovery        | config key 'cluster.discovery' in tiercache.yaml: 'zookeeper' is not one of tcp-ip, kubernetes, multicast
            cluster: {discovery: kubernetes}               | cluster.kubernetes-service-dns | config key 'cluster.kubernetes-service-dns' in tiercache.yaml: missing a value; discovery: kubernetes needs the headless service's DNS name, e.g. tiercache-hs.default.svc.cluster.local
            'cluster: {kubernetes-service-dns: "a b"}'     | cluster.kubernetes-service-dns | config key 'cluster.kubernetes-service-dns' in tiercache.yaml: 'a b' is not a host name or IP address
            cluster: {port: 70000}                         | cluster.port             | config key 'cluster.port' in tiercache.yaml: '70000' is out of range; use 1..65535
            cluster: {port: 0}                             | cluster.port             | config key 'cluster.port' in tiercache.yaml: '0' is out of range; use 1..65535
            cluster: {port: 57.01}                         | cluster.port             | config key 'cluster.port' in tiercache.yaml: '57.01' is not a whole number
            cluster: {port: 99999999999999999999}          | cluster.port             | config key 'cluster.port' in tiercache.yaml: '99999999999999999999' is out of range; use 1..65535
            cluster: {name: "tier cache"}                  | cluster.name             | config key 'cluster.name' in tiercache.yaml: 'tier cache' is not a valid name; use letters, digits, '.', '_' and '-' only
            cluster: {name: ""}                            | cluster.name             | config key 'cluster.name' in tiercache.yaml: '' is not a valid name; use letters, digits, '.', '_' and '-' only
            cluster: {bind: "10.0.0.1:5701"}               | cluster.bind             | config key 'cluster.bind' in tiercache.yaml: '10.0.0.1:5701' is not a host name or IP address
            cluster: {public-address: "a:b:c"}             | cluster.public-address   | config key 'cluster.public-address' in tiercache.yaml: 'a:b:c' looks like an IPv6 address; put it in brackets, e.g. [::1]:8080
            cluster: {members: [10.0.0.1, "10.0.0.2:0"]}   | cluster.members[1]       | config key 'cluster.members[1]' in tiercache.yaml: '10.0.0.2:0' is not HOST or HOST:PORT with a port 1..65535
            cluster: {members: "10.0.0.1,,10.0.0.2"}       | cluster.members[1]       | config key 'cluster.members[1]' in tiercache.yaml: '' is not HOST or HOST:PORT (e.g. 0.0.0.0:8080 or [::1]:8080)
            cluster: {members: {a: 1}}                     | cluster.members          | config key 'cluster.members' in tiercache.yaml: expected a list but found a map
            cluster: {bind: 0.0.0.0}                       | cluster.secret           | config key 'cluster.secret' in tiercache.yaml: missing; cluster.bind 0.0.0.0 is not a loopback address, SECRET_NEEDED
            cluster: {bind: 10.0.0.5}                      | cluster.secret           | config key 'cluster.secret' in tiercache.yaml: missing; cluster.bind 10.0.0.5 is not a loopback address, SECRET_NEEDED
            'cluster: {discovery: kubernetes, kubernetes-service-dns: tc.default.svc.cluster.local}' | cluster.secret | config key 'cluster.secret' in tiercache.yaml: missing; discovery is kubernetes, SECRET_NEEDED
            cluster: {discovery: multicast}                | cluster.secret           | config key 'cluster.secret' in tiercache.yaml: missing; discovery is multicast, SECRET_NEEDED
            cluster: {secret: 0123456789abcde}             | cluster.secret           | config key 'cluster.secret' in tiercache.yaml: the secret must be SECRET_RULE (value not shown)
            'cluster: {secret: "0123456789 abcdef"}'       | cluster.secret           | config key 'cluster.secret' in tiercache.yaml: the secret must be SECRET_RULE (value not shown)
            cluster: {secret: changemechangeme}            | cluster.secret           | config key 'cluster.secret' in tiercache.yaml: the secret must be SECRET_RULE (value not shown)
            node: {name: "node a"}                         | node.name                | config key 'node.name' in tiercache.yaml: 'node a' is not a valid name; use letters, digits, '.', '_' and '-' only
            node: {listen: localhost}                      | node.listen              | config key 'node.listen' in tiercache.yaml: 'localhost' is not HOST:PORT (e.g. 0.0.0.0:8080 or [::1]:8080)
            node: {event-loops: 0}                         | node.event-loops         | config key 'node.event-loops' in tiercache.yaml: '0' is out of range; use at least 1
            node: {max-connections: 0}                     | node.max-connections     | config key 'node.max-connections' in tiercache.yaml: '0' is out of range; use at least 1
            node: {header-timeout: 0s}                     | node.header-timeout      | config key 'node.header-timeout' in tiercache.yaml: '0s' is too short; use more than 0, e.g. 5s
            node: {keepalive-timeout: soon}                | node.keepalive-timeout   | config key 'node.keepalive-timeout' in tiercache.yaml: 'soon' DURATION
            origin: {url: "ftp://files.test"}              | origin.url               | config key 'origin.url' in tiercache.yaml: 'ftp://files.test' is not an http:// or https:// URL
            origin: {url: "127.0.0.1:8000"}                | origin.url               | config key 'origin.url' in tiercache.yaml: '127.0.0.1:8000' is not an http:// or https:// URL
            origin: {url: "http://origin_app:8000"}        | origin.url               | config key 'origin.url' in tiercache.yaml: 'http://origin_app:8000' has no valid host (host names may not contain '_')
            origin: {url: "http:///path"}                  | origin.url               | config key 'origin.url' in tiercache.yaml: 'http:///path' has no valid host
            origin: {url: "http://a.test/app"}             | origin.url               | config key 'origin.url' in tiercache.yaml: 'http://a.test/app' has more than scheme, host and port; use e.g. http://127.0.0.1:8000
            origin: {url: "http://a.test/?x=1"}            | origin.url               | config key 'origin.url' in tiercache.yaml: 'http://a.test/?x=1' has more than scheme, host and port; use e.g. http://127.0.0.1:8000
            origin: {url: "http://a.test#top"}             | origin.url               | config key 'origin.url' in tiercache.yaml: 'http://a.test#top' has more than scheme, host and port; use e.g. http://127.0.0.1:8000
            origin: {url: "http://user:pw@a.test"}         | origin.url               | config key 'origin.url' in tiercache.yaml: 'http://user:pw@a.test' has more than scheme, host and port; use e.g. http://127.0.0.1:8000
            origin: {url: "http://a test"}                 | origin.url               | config key 'origin.url' in tiercache.yaml: 'http://a test' is not a URL: Illegal character in authority
            origin: {connect-timeout: 0s}                  | origin.connect-timeout   | config key 'origin.connect-timeout' in tiercache.yaml: '0s' is too short; use more than 0, e.g. 5s
            origin: {read-timeout: forever}                | origin.read-timeout      | config key 'origin.read-timeout' in tiercache.yaml: 'forever' DURATION
            origin: {max-connections: 0}                   | origin.max-connections   | config key 'origin.max-connections' in tiercache.yaml: '0' is out of range; use at least 1
            origin: {preserve-host: 1}                     | origin.preserve-host     | config key 'origin.preserve-host' in tiercache.yaml: '1' is not true or false
            cache: {hot-tier-size: -1}                     | cache.hot-tier-size      | config key 'cache.hot-tier-size' in tiercache.yaml: '-1' is not a size; use bytes or a number with k, m or g such as 512k, 64m or 1g
            cache: {shared-size: 512k}                     | cache.shared-size        | config key 'cache.shared-size' in tiercache.yaml: '512k' is too small; use at least 1m
            cache: {max-object-size: 100}                  | cache.max-object-size    | config key 'cache.max-object-size' in tiercache.yaml: '100' is too small; use at least 1k
            cache: {max-object-size: 2g}                   | cache.max-object-size    | config key 'cache.max-object-size' in tiercache.yaml: '2g' is more than 1/16 of cache.shared-size (512m); use at most 32m, or raise cache.shared-size
            'cache: {shared-size: 64m, max-object-size: 5m}' | cache.max-object-size  | config key 'cache.max-object-size' in tiercache.yaml: '5m' is more than 1/16 of cache.shared-size (64m); use at most 4m, or raise cache.shared-size
            cache: {inactive: 0}                           | cache.inactive           | config key 'cache.inactive' in tiercache.yaml: '0' is too short; use more than 0, e.g. 5s
            cache: {max-variants: 2000}                    | cache.max-variants       | config key 'cache.max-variants' in tiercache.yaml: '2000' is out of range; use 1..1024
            cache: {tag-headers: []}                       | cache.tag-headers        | config key 'cache.tag-headers' in tiercache.yaml: needs at least one header name, e.g. [Surrogate-Key]
            'cache: {tag-headers: [Surrogate-Key, "Cache Tag"]}' | cache.tag-headers[1] | config key 'cache.tag-headers[1]' in tiercache.yaml: 'Cache Tag' is not a valid header name; TOKEN_RULE
            cache: {lock-timeout: 0ms}                     | cache.lock-timeout       | config key 'cache.lock-timeout' in tiercache.yaml: '0ms' is too short; use more than 0, e.g. 5s
            cache: {lock-age: 0s}                          | cache.lock-age           | config key 'cache.lock-age' in tiercache.yaml: '0s' is too short; use more than 0, e.g. 5s
            cache: {slice-size: 16k}                       | cache.slice-size         | config key 'cache.slice-size' in tiercache.yaml: '16k' is too small; use at least 64k, or off
            cache: {slice-size: 16m}                       | cache.slice-size         | config key 'cache.slice-size' in tiercache.yaml: '16m' is more than cache.max-object-size (8m); each slice is stored as one object: use at most 8m, or off
            cache: {slice-size: none}                      | cache.slice-size         | config key 'cache.slice-size' in tiercache.yaml: 'none' is not a size; use bytes or a number with k, m or g such as 512k, 64m or 1g, or off
            'routes: [{match: {prefix: /v/}, slice-size: 9m}]' | routes[0].slice-size | config key 'routes[0].slice-size' in tiercache.yaml: '9m' is more than cache.max-object-size (8m); each slice is stored as one object: use at most 8m, or off
            'routes: [{match: {prefix: /}, compress: {codings: [gzip, zstd]}}]' | routes[0].compress.codings[1] | config key 'routes[0].compress.codings[1]' in tiercache.yaml: 'zstd' is not one of br, gzip
            'routes: [{match: {prefix: /}, compress: {codings: []}}]' | routes[0].compress.codings | config key 'routes[0].compress.codings' in tiercache.yaml: is empty; list gzip, br or both, or set compress: off
            'routes: [{match: {prefix: /}, compress: {types: [text/html, "json"]}}]' | routes[0].compress.types[1] | config key 'routes[0].compress.types[1]' in tiercache.yaml: 'json' is not a media type; use type/subtype without parameters, such as text/html or application/json
            'routes: [{match: {prefix: /}, compress: {min-size: small}}]' | routes[0].compress.min-size | config key 'routes[0].compress.min-size' in tiercache.yaml: 'small' is not a size; use bytes or a number with k, m or g such as 512k, 64m or 1g
            'routes: [{match: {prefix: /}, compress: {level: 9}}]' | routes[0].compress.level | unknown config key 'routes[0].compress.level' in tiercache.yaml; allowed under 'routes[0].compress': codings, types, min-size
            'cache: {compress: {codings: [deflate]}}'     | cache.compress.codings[0] | config key 'cache.compress.codings[0]' in tiercache.yaml: 'deflate' is not one of br, gzip
            'routes: [{match: {prefix: /}, compress: always}]' | routes[0].compress | config key 'routes[0].compress' in tiercache.yaml: 'always' is not on, off or a map with keys codings, types, min-size
            admin: {listen: "9090"}                        | admin.listen             | config key 'admin.listen' in tiercache.yaml: '9090' is not HOST:PORT (e.g. 0.0.0.0:8080 or [::1]:8080)
            'admin: {purge-allow: [10.0.0.0/8, intranet]}' | admin.purge-allow[1]     | config key 'admin.purge-allow[1]' in tiercache.yaml: 'intranet' is not an IP address or CIDR range (e.g. 10.0.0.0/8, 127.0.0.1 or ::1/128)
            'admin: {purge-token: ""}'                     | admin.purge-token        | config key 'admin.purge-token' in tiercache.yaml: the token must be non-empty visible ASCII without spaces (value not shown)
            'admin: {purge-token: "pass word"}'            | admin.purge-token        | config key 'admin.purge-token' in tiercache.yaml: the token must be non-empty visible ASCII without spaces (value not shown)
            """)
    void rejectsBadValuesWithOneLineNamingTheKey(String yaml, String key, String message) throws IOException {
        Path file = Files.writeString(dir.resolve("tiercache.yaml"), yaml + "\n");

        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(file, List.of(), Map.of()));

        assertThat(error).as("error for %s", yaml).isNotNull();
        assertThat(error.getMessage().replace(dir + "/", ""))
                .isEqualTo(message.replace("ROUTE_KEYS", ROUTE_KEYS).replace("DURATION", DURATION)
                        .replace("MATCH_HINT", MATCH_HINT).replace("TOKEN_RULE", TOKEN_RULE)
                        .replace("SECRET_NEEDED", SECRET_NEEDED).replace("SECRET_RULE", SECRET_RULE))
                .doesNotContain("\n");
        assertThat(error.key()).isEqualTo(key);
    }

    @Test
    void rejectsUnknownKeyNamingIt() {
        assertThatThrownBy(() -> ConfigLoader.fromYaml("cache: {max-objekt-size: 1m}"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown config key 'cache.max-objekt-size'; allowed under 'cache': hot-tier-size, "
                        + "shared-size, max-object-size, inactive, max-variants, tag-headers, lock-timeout, lock-age, hit-for-miss, status-detail, targeted-fields, heuristic-freshness, heuristic-max, stale-if-unreachable, slice-size, compress");
    }

    @Test
    void maxConnectionsMustLeaveRoomInTheOpenFileLimit() {
        long limit = OpenFiles.limit();
        long reserved = OpenFiles.reserved(64, 2);

        assertThatThrownBy(() -> ConfigLoader.fromYaml("node: {max-connections: 2000000000, event-loops: 2}"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config key 'node.max-connections': '2000000000' does not fit: this process may open "
                        + limit + " files (ulimit -n) and keeps " + reserved + " of them for origin connections "
                        + "(origin.max-connections x node.event-loops), Hazelcast and files; use at most "
                        + (limit - reserved) + ", or raise the limit");
    }

    @Test
    void namesOnlyTheKeyWhenTheYamlHasNoFile() {
        assertThatThrownBy(() -> ConfigLoader.fromYaml("node: {listen: localhost}"))
                .hasMessage("config key 'node.listen': 'localhost' is not HOST:PORT (e.g. 0.0.0.0:8080 or [::1]:8080)");
    }

    @Test
    void namesTheFlagThatGaveABadValue() {
        assertThatThrownBy(() -> ConfigLoader.load(null,
                List.of(new ConfigOverride("node.listen", "localhost", "--listen")), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--listen (node.listen): 'localhost' is not HOST:PORT (e.g. 0.0.0.0:8080 or [::1]:8080)");
    }

    @Test
    void namesTheFlagEvenWhenTheFileSetTheSameKey() throws IOException {
        Path file = Files.writeString(dir.resolve("tiercache.yaml"), "cluster: {port: 5701}\n");

        assertThatThrownBy(() -> ConfigLoader.load(file,
                List.of(new ConfigOverride("cluster.port", "abc", "--cluster-port")), Map.of()))
                .hasMessage("--cluster-port (cluster.port): 'abc' is not a whole number");
    }

    @Test
    void namesTheFlagForABadItemOfAListItSet() {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(null,
                List.of(new ConfigOverride("cluster.members", "127.0.0.1:5701,::1", "--members")), Map.of()));

        assertThat(error).hasMessage("--members (cluster.members[1]): '::1' looks like an IPv6 address; "
                + "put it in brackets, e.g. [::1]:8080");
        assertThat(error.key()).isEqualTo("cluster.members[1]");
    }

    @Test
    void namesTheFileForKeysTheFlagDidNotSet() throws IOException {
        Path file = Files.writeString(dir.resolve("tiercache.yaml"), "origin: {connect-timeout: soon}\n");

        assertThatThrownBy(() -> ConfigLoader.load(file,
                List.of(new ConfigOverride("origin.url", "http://a.test", "--origin")), Map.of()))
                .hasMessage("config key 'origin.connect-timeout' in " + file + ": 'soon' " + DURATION);
    }

    @Test
    void namesTheEnvironmentVariableThatGaveABadValue() {
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of(),
                Map.of(ConfigLoader.PURGE_TOKEN_ENV, "two words")))
                .hasMessage("TIERCACHE_PURGE_TOKEN (admin.purge-token): "
                        + "the token must be non-empty visible ASCII without spaces (value not shown)");
    }

    @Test
    void namesTheClusterSecretVariableWithoutShowingItsValue() {
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of(new ConfigOverride("cluster.bind", "0.0.0.0", "test")),
                Map.of(ConfigLoader.CLUSTER_SECRET_ENV, "short-s3cret")))
                .hasMessage("TIERCACHE_CLUSTER_SECRET (cluster.secret): the secret must be " + SECRET_RULE
                        + " (value not shown)");
    }

    @Test
    void namesTheReadTokenVariableWithoutShowingTheValue() {
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of(),
                Map.of(ConfigLoader.READ_TOKEN_ENV, "two words")))
                .hasMessage("TIERCACHE_READ_TOKEN (admin.read-token): "
                        + "the token must be non-empty visible ASCII without spaces (value not shown)");
    }

    @Test
    void namesTheOverrideHeadersARouteMayForward() {
        assertThatThrownBy(() -> ConfigLoader.fromYaml("routes: [{match: {prefix: /}, forward-headers: [X-Forwarded-For]}]"))
                .hasMessageStartingWith("config key 'routes[0].forward-headers[0]': 'X-Forwarded-For' is not one of "
                        + "X-Original-URL, X-Rewrite-URL, X-HTTP-Method-Override,");
    }

    @Test
    void refusesAContentTypeCheckOnAnExtensionWithoutKnownType() {
        assertThatThrownBy(() -> ConfigLoader.fromYaml(
                "routes: [{match: {extensions: [css, html]}, content-type-must-match-extension: true}]"))
                .hasMessageStartingWith("config key 'routes[0].content-type-must-match-extension': the route matches "
                        + "extension 'html', which has no known content type, so its responses would never be stored; "
                        + "known: avif, bmp, css,");
    }

    @Test
    void namesTheEncodedSlashChoices() {
        assertThatThrownBy(() -> ConfigLoader.fromYaml("routes: [{match: {prefix: /, encoded-slash: yes}}]"))
                .hasMessage("config key 'routes[0].match.encoded-slash': 'on' is not one of decode, keep");
    }

    @Test
    void namesTheStatusDetailChoices() {
        assertThatThrownBy(() -> ConfigLoader.fromYaml("cache: {status-detail: none}"))
                .hasMessage("config key 'cache.status-detail': 'none' is not one of full, minimal");
    }

    @Test
    void refusesATrustedProxyThatIsNoAddress() {
        assertThatThrownBy(() -> ConfigLoader.fromYaml("node: {trusted-proxies: [lb.internal]}"))
                .hasMessage("config key 'node.trusted-proxies[0]': 'lb.internal' is not an IP address or CIDR range "
                        + "(e.g. 10.0.0.0/8, 127.0.0.1 or ::1/128)");
    }

    @Test
    void namesTheFlagThatSetAnUnknownKey() {
        assertThatThrownBy(() -> ConfigLoader.load(null,
                List.of(new ConfigOverride("origin.address", "http://a.test", "--origin")), Map.of()))
                .hasMessage("--origin (origin.address): unknown config key; allowed under 'origin': "
                        + "url, connect-timeout, read-timeout, max-connections, preserve-host");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource({"origin..url", "''", ".origin", "origin."})
    void rejectsMalformedOverrideKeys(String key) {
        assertThatThrownBy(() -> ConfigLoader.load(null, List.of(new ConfigOverride(key, "x", "--weird")), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--weird: '" + key + "' is not a config key");
    }

    @Test
    void reportsAMissingFile() {
        Path missing = dir.resolve("nope.yaml");

        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(missing, List.of(), Map.of()));

        assertThat(error).hasMessage("config file " + missing + " not found");
        assertThat(error.key()).isNull();
    }

    @Test
    void reportsADirectoryGivenAsFile() {
        assertThatThrownBy(() -> ConfigLoader.load(dir, List.of(), Map.of()))
                .hasMessage("config file " + dir + " is not a regular file");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            'origin:\\n  url: http://a\\n    connect-timeout: 5s'  | line 3, column 20: mapping values are not allowed here
            'routes: [{match: {prefix: /}}\\n'                     | line 2, column 1: expected ',' or ']', but got <stream end>
            'node:\\n\\tname: a'                                   | line 2, column 1: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)
            'cache:\\n  inactive: 1m\\n  inactive: 2m'             | line 3, column 11: duplicate key 'inactive'
            """)
    void reportsInvalidYamlWithLineAndColumn(String yaml, String problem) throws IOException {
        Path file = Files.writeString(dir.resolve("x.yaml"), yaml.replace("\\n", "\n").replace("\\t", "\t"));

        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(file, List.of(), Map.of()));

        assertThat(error.getMessage()).isEqualTo("config file " + file + " is not valid YAML: " + problem);
        assertThat(error.key()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "'- a\\n- b'   | a list",
            "just text     | a value",
    })
    void rejectsAFileThatIsNotAMap(String yaml, String found) throws IOException {
        Path file = Files.writeString(dir.resolve("x.yaml"), yaml.replace("\\n", "\n"));

        assertThatThrownBy(() -> ConfigLoader.load(file, List.of(), Map.of()))
                .hasMessage("config file " + file + " must be a map of sections "
                        + "(node, origin, cache, cluster, admin, routes) but is " + found);
    }
}
