package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The example in examples/cms.yaml loads and sends each kind of path to the route its comments promise. */
class CmsExampleTest {
    /** Surefire runs in the module directory, one level below the repository root. */
    private static final Path EXAMPLE = Path.of("..", "examples", "cms.yaml");
    private static final Bypass PERSONAL = new Bypass(List.of("Authorization"), List.of("session_id"));

    private final TierCacheConfig config = ConfigLoader.load(EXAMPLE, List.of(), Map.of());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/static/app.css,          static,  true,  30d",
            "/wp-content/logo.PNG,     static,  true,  30d",
            "/fonts/inter.woff2,       static,  true,  30d",
            "/blog/post-1,             content, true,  24h",
            "/docs/install,            content, true,  24h",
            "/products/42,             content, true,  24h",
            "/blog/hero.jpg,           static,  true,  30d",
            "/api/users,               api,     false, ",
            "/api/export.js,           api,     false, ",
            "/,                        pages,   true,  10m",
            "/about,                   pages,   true,  10m",
            "/blogroll,                pages,   true,  10m",
    })
    void routesSamplePathsAsIntended(String path, String route, boolean cached, String ttl) {
        RouteConfig chosen = config.routeFor(path);

        assertThat(chosen.name()).isEqualTo(route);
        assertThat(chosen.cache()).isEqualTo(cached);
        assertThat(chosen.ttl().forStatus(200))
                .isEqualTo(Optional.ofNullable(ttl).map(DurationValue::parse));
    }

    @Test
    void everyCachedRouteBypassesAuthorizationAndTheSessionCookie() {
        assertThat(config.routes()).filteredOn(RouteConfig::cache)
                .hasSize(3)
                .allSatisfy(route -> assertThat(route.bypass()).isEqualTo(PERSONAL));
    }

    @Test
    void staticAssetsIgnoreTheOriginsCachingHeaders() {
        assertThat(config.routeFor("/static/app.css").ignoreHeaders()).containsExactlyInAnyOrder(
                IgnoredHeader.CACHE_CONTROL, IgnoredHeader.EXPIRES, IgnoredHeader.SET_COOKIE);
        assertThat(config.routeFor("/about").ignoreHeaders()).isEmpty();
    }

    @Test
    void staticAssetsAreStoredOnlyWhenTheirContentTypeMatchesTheExtension() {
        assertThat(config.routeFor("/static/app.css").contentTypeMustMatchExtension()).isTrue();
        assertThat(ExtensionMediaTypes.matches("/static/app.css", "text/css; charset=utf-8")).isTrue();
        assertThat(ExtensionMediaTypes.matches("/account.php/x.css", "text/html")).isFalse();
    }

    @Test
    void onlyThisMachinePurgesWithoutTheToken() {
        assertThat(config.admin().purgeAllow()).containsExactly(CidrRange.parse("127.0.0.1"));
    }

    @Test
    void clientsAreNotToldWhichRouteOrCookieDecided() {
        assertThat(config.cache().statusDetail()).isEqualTo(StatusDetail.MINIMAL);
    }

    @Test
    void htmlRoutesServeStaleBrieflyWhileRefreshingAndLongOnErrors() {
        for (String path : List.of("/blog/post-1", "/about")) {
            RouteConfig route = config.routeFor(path);
            assertThat(route.staleWhileRevalidate()).isEqualTo(Duration.ofMinutes(1));
            assertThat(route.staleIfError()).isEqualTo(Duration.ofDays(1));
        }
    }

    @Test
    void contentKeepsMissingPagesForAMinute() {
        assertThat(config.routeFor("/blog/gone").ttl().forStatus(404)).contains(Duration.ofMinutes(1));
    }
}
