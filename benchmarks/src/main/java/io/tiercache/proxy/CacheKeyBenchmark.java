package io.tiercache.proxy;

import io.tiercache.config.AdminConfig;
import io.tiercache.config.CacheKeyTemplate;
import io.tiercache.config.ConfigLoader;
import io.tiercache.config.HostPort;
import io.tiercache.config.RouteConfig;
import io.tiercache.store.CacheLocation;
import io.vertx.core.MultiMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.Map;

/**
 * RECV's key work for a cacheable GET: the request target from the request line and Host (its path
 * normalised), the override headers removed, then the route's key template applied (what
 * Route.locate does), with the default template and with one that adds a request header.
 */
@State(Scope.Thread)
public class CacheKeyBenchmark {

    @Param({"{scheme}://{host}{path}{query}", "{host}{path}{query}|{header.Accept-Language}"})
    public String template;

    @Param({"/obj/1k", "/blog/2025/11/a-longer-article-slug?utm_source=feed&page=2"})
    public String uri;

    private BenchmarkRequest request;
    private CacheKeyBuilder key;
    private ForwardedFields forwarding;
    private Route route;

    @Setup
    public void setUp() {
        request = new BenchmarkRequest(uri, Map.of(
                "Host", "www.Example.com:80",
                "User-Agent", "Mozilla/5.0 (X11; Linux x86_64)",
                "Accept", "text/html,application/xhtml+xml",
                "Accept-Language", "en-GB,en;q=0.8"));
        key = new CacheKeyBuilder(CacheKeyTemplate.parse(template), List.of());
        route = new Route(RouteConfig.catchAll(), ConfigLoader.fromYaml("cache: {shared-size: 64m}").cache());
        forwarding = new ForwardedFields(List.of(), new RefreshAuthorization(
                new AdminConfig(new HostPort("127.0.0.1", 9090), null, List.of(), null), "internal"));
    }

    @Benchmark
    public RequestTarget target() {
        return RequestTarget.of(request, forwarding);
    }

    /** A request without override headers, as nearly all are: what removing them costs every request. */
    @Benchmark
    public MultiMap stripOverrides() {
        route.stripOverrides(request.headers());
        return request.headers();
    }

    @Benchmark
    public CacheLocation locate() {
        RequestTarget target = RequestTarget.of(request, forwarding);
        String url = target.url();
        return new CacheLocation(key.build(target, url, request), url, target.host(), target.path(), target.pathQuery());
    }
}
