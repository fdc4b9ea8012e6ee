package io.tiercache.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Turns the {@code routes} list of the parsed tree into {@link RouteConfig}s, checking every value. */
final class RouteBinder {
    private static final List<String> ROUTE_KEYS = List.of("name", "match", "cache", "ttl", "ignore-headers", "key",
            "bypass", "stale-while-revalidate", "stale-if-error", "use-stale", "client-no-cache",
            "heuristic-freshness", "force-refresh-header", "forward-headers", "content-type-must-match-extension",
            "stale-if-unreachable", "slice-size", "compress");
    private static final List<String> MATCH_KEYS = List.of("prefix", "regex", "extensions", "encoded-slash");
    private static final List<String> BYPASS_KEYS = List.of("headers", "cookies");
    private static final List<String> COMPRESS_KEYS = List.of("codings", "types", "min-size");
    /** RFC 9110 §8.3.1: type "/" subtype, each a token. */
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+/[a-z0-9!#$%&'*+.^_`|~-]+");
    /** The statuses a scalar {@code ttl} covers, as nginx's {@code proxy_cache_valid} without codes. */
    private static final List<Integer> SCALAR_TTL_STATUSES = List.of(200, 301, 302);
    private static final Pattern STATUS = Pattern.compile("[1-5]\\d\\d");

    private RouteBinder() {
    }

    /** @param maxObjectBytes cache.max-object-size, which bounds a route's slice size */
    static List<RouteConfig> routes(ConfigNode routes, long maxObjectBytes) {
        List<RouteConfig> result = new ArrayList<>();
        Map<String, Integer> indexByName = new HashMap<>();
        for (ConfigNode node : routes.items()) {
            int index = result.size();
            RouteConfig route = route(node.requireMap(ROUTE_KEYS), index, maxObjectBytes);
            Integer earlier = indexByName.putIfAbsent(route.name(), index);
            if (earlier != null) {
                throw node.get("name").fail("'" + route.name() + "' is already the name of routes[" + earlier
                        + "]; route names must be unique");
            }
            result.add(route);
        }
        return result;
    }

    private static RouteConfig route(ConfigNode route, int index, long maxObjectBytes) {
        RouteMatch match = match(route.get("match"));
        return new RouteConfig(
                name(route.get("name"), index),
                match,
                route.get("cache").bool(true),
                ttl(route.get("ttl")),
                set(route.get("ignore-headers"), IgnoredHeader.values(), IgnoredHeader::configName, Set.of()),
                route.get("key").parsed(CacheKeyTemplate::parse, CacheKeyTemplate.defaultTemplate()),
                bypass(route.get("bypass")),
                route.get("stale-while-revalidate").duration(Duration.ZERO),
                route.get("stale-if-error").duration(Duration.ZERO),
                set(route.get("use-stale"), StaleCondition.values(), StaleCondition::configName,
                        StaleCondition.defaults()),
                route.get("client-no-cache").oneOf(ClientNoCache.values(), ClientNoCache::configName,
                        ClientNoCache.HONOUR),
                route.get("heuristic-freshness").isPresent() ? route.get("heuristic-freshness").bool(true) : null,
                route.get("force-refresh-header").parsed(name -> HttpToken.require(name, "header name"), null),
                set(route.get("forward-headers"), StrippedHeader.values(), StrippedHeader::headerName, Set.of()),
                contentTypeCheck(route.get("content-type-must-match-extension"), match),
                route.get("stale-if-unreachable").duration(null),
                sliceSize(route.get("slice-size"), maxObjectBytes),
                route.get("compress").isPresent() ? compress(route.get("compress")) : null);
    }

    /** {@code compress: {codings, types, min-size}}; absent or {@code off}: off; {@code on}: the defaults. */
    static RouteCompression compress(ConfigNode compress) {
        if (!compress.isPresent() || compress.isOff()) {
            return RouteCompression.OFF;
        }
        List<RouteCompression.Coding> all = List.of(RouteCompression.Coding.values());
        if (!compress.isMap()) {
            String text = compress.text(null);
            if (!"true".equalsIgnoreCase(text) && !"on".equalsIgnoreCase(text)) {
                throw compress.fail("'" + compress.text(null) + "' is not on, off or a map with keys "
                        + String.join(", ", COMPRESS_KEYS));
            }
            return new RouteCompression(all, RouteCompression.DEFAULT_TYPES, RouteCompression.DEFAULT_MIN_BYTES);
        }
        compress.requireMap(COMPRESS_KEYS);
        Set<RouteCompression.Coding> codings = set(compress.get("codings"), RouteCompression.Coding.values(),
                RouteCompression.Coding::configName, Set.copyOf(all));
        if (codings.isEmpty()) {
            throw compress.get("codings").fail("is empty; list gzip, br or both, or set compress: off");
        }
        Set<String> types = RouteCompression.DEFAULT_TYPES;
        if (compress.get("types").isPresent()) {
            types = new HashSet<>();
            for (ConfigNode item : compress.get("types").items()) {
                types.add(item.parsed(RouteBinder::mediaType, null));
            }
        }
        return new RouteCompression(all.stream().filter(codings::contains).toList(), types,
                compress.get("min-size").size(RouteCompression.DEFAULT_MIN_BYTES, 0));
    }

    private static String mediaType(String text) {
        String type = text.trim().toLowerCase(Locale.ROOT);
        if (!MEDIA_TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a media type; use type/subtype without "
                    + "parameters, such as text/html or application/json");
        }
        return type;
    }

    /** The route's own slice size (0 for off), or empty to take cache.slice-size. */
    private static OptionalLong sliceSize(ConfigNode slice, long maxObjectBytes) {
        return slice.isPresent() ? OptionalLong.of(ConfigBinder.sliceSize(slice, 0, maxObjectBytes)) : OptionalLong.empty();
    }

    /** The check needs to know every extension the route matches, or it would refuse all of one kind. */
    private static boolean contentTypeCheck(ConfigNode check, RouteMatch match) {
        boolean on = check.bool(false);
        if (on) {
            for (String extension : new TreeSet<>(match.extensions())) {
                if (!ExtensionMediaTypes.knows(extension)) {
                    throw check.fail("the route matches extension '" + extension + "', which has no known content "
                            + "type, so its responses would never be stored; known: " + ExtensionMediaTypes.known());
                }
            }
        }
        return on;
    }

    private static String name(ConfigNode node, int index) {
        String name = node.text("route-" + index);
        if (name.isBlank()) {
            throw node.fail("the route name is empty");
        }
        if (name.equals(RouteConfig.CATCH_ALL_NAME)) {
            throw node.fail("'" + name + "' is reserved for the implicit catch-all route; choose another name");
        }
        return name;
    }

    /** {@code match.encoded-slash}: whether the route reads {@code %2F} in a path as {@code /}. */
    private enum EncodedSlash {
        DECODE, KEEP;

        String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static RouteMatch match(ConfigNode match) {
        String hint = "give at least one of prefix, regex, extensions, e.g. {prefix: /blog/}";
        if (!match.isPresent()) {
            throw match.fail("missing; " + hint);
        }
        match.requireMap(MATCH_KEYS);
        String prefix = match.get("prefix").parsed(RouteBinder::prefix, null);
        Pattern regex = match.get("regex").parsed(RouteBinder::regex, null);
        Set<String> extensions = new HashSet<>();
        for (ConfigNode item : match.get("extensions").items()) {
            extensions.add(item.parsed(RouteBinder::extension, null));
        }
        if (prefix == null && regex == null && extensions.isEmpty()) {
            throw match.fail("is empty; " + hint);
        }
        boolean keepEncodedSlash = match.get("encoded-slash").oneOf(EncodedSlash.values(), EncodedSlash::configName,
                EncodedSlash.DECODE) == EncodedSlash.KEEP;
        return new RouteMatch(prefix, regex, extensions, keepEncodedSlash);
    }

    private static String prefix(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("'" + text + "' does not start with '/', so no path would match");
        }
        return text;
    }

    private static Pattern regex(String text) {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid regex: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
    }

    /** Lower case without the dot, as {@link RouteMatch} compares them; a leading dot is forgiven. */
    private static String extension(String text) {
        String extension = (text.startsWith(".") ? text.substring(1) : text).toLowerCase(Locale.ROOT);
        if (extension.isEmpty() || extension.contains(".") || extension.contains("/")) {
            throw new IllegalArgumentException("'" + text + "' is not a file extension; "
                    + "give the text after the last dot, such as css or gz");
        }
        return extension;
    }

    private static TtlRules ttl(ConfigNode ttl) {
        if (!ttl.isPresent()) {
            return TtlRules.none();
        }
        if (!ttl.isMap()) {
            Duration duration = ttl.parsed(DurationValue::parse, null);
            Map<Integer, Duration> byStatus = new HashMap<>();
            SCALAR_TTL_STATUSES.forEach(status -> byStatus.put(status, duration));
            return new TtlRules(byStatus, null);
        }
        Map<Integer, Duration> byStatus = new HashMap<>();
        Duration any = null;
        for (String statuses : ttl.keys()) {
            ConfigNode rule = ttl.get(statuses);
            if (!rule.isPresent()) {
                throw rule.fail("missing a duration");
            }
            Duration duration = rule.duration(null);
            if (statuses.equals("any")) {
                any = duration;
                continue;
            }
            for (String status : statuses.trim().split("\\s+")) {
                if (!STATUS.matcher(status).matches()) {
                    throw rule.fail("'" + status + "' is not an HTTP status; use statuses 100..599 separated by "
                            + "spaces, or any");
                }
                if (byStatus.put(Integer.parseInt(status), duration) != null) {
                    throw rule.fail("status " + status + " has a ttl already");
                }
            }
        }
        return new TtlRules(byStatus, any);
    }

    private static <E extends Enum<E>> Set<E> set(ConfigNode list, E[] values, Function<E, String> configName,
                                                  Set<E> fallback) {
        if (!list.isPresent()) {
            return fallback;
        }
        Set<E> result = new HashSet<>();
        for (ConfigNode item : list.items()) {
            result.add(item.oneOf(values, configName, null));
        }
        return result;
    }

    private static Bypass bypass(ConfigNode bypass) {
        if (!bypass.isPresent()) {
            return Bypass.defaults();
        }
        bypass.requireMap(BYPASS_KEYS);
        List<String> cookies = new ArrayList<>();
        for (ConfigNode item : bypass.get("cookies").items()) {
            cookies.add(item.parsed(name -> HttpToken.require(name, "cookie name"), null));
        }
        return new Bypass(ConfigBinder.headerNames(bypass.get("headers")), cookies);
    }
}
