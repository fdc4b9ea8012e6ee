package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteBindingTest {

    @Test
    void scalarTtlCoversStatuses200And301And302() {
        TtlRules ttl = route("ttl: 24h").ttl();

        assertThat(ttl.forStatus(200)).contains(Duration.ofHours(24));
        assertThat(ttl.forStatus(301)).contains(Duration.ofHours(24));
        assertThat(ttl.forStatus(302)).contains(Duration.ofHours(24));
        assertThat(ttl.forStatus(404)).isEmpty();
        assertThat(ttl.any()).isNull();
    }

    @Test
    void mapTtlTakesSpaceSeparatedStatusesAndAny() {
        TtlRules ttl = route("ttl: {200: 24h, \"301 302\": 1h, 404: 1m, any: 10s}").ttl();

        assertThat(ttl.forStatus(200)).contains(Duration.ofHours(24));
        assertThat(ttl.forStatus(301)).contains(Duration.ofHours(1));
        assertThat(ttl.forStatus(302)).contains(Duration.ofHours(1));
        assertThat(ttl.forStatus(404)).contains(Duration.ofMinutes(1));
        assertThat(ttl.forStatus(503)).contains(Duration.ofSeconds(10));
    }

    @Test
    void missingTtlHasNoRules() {
        assertThat(route("cache: true").ttl()).isEqualTo(TtlRules.none());
    }

    @Test
    void missingBypassMeansTheDefaultAuthorizationHeader() {
        assertThat(route("cache: true").bypass()).isEqualTo(new Bypass(List.of("Authorization"), List.of()));
    }

    @Test
    void givenBypassReplacesTheDefault() {
        assertThat(route("bypass: {cookies: [session_id, wordpress_logged_in]}").bypass())
                .isEqualTo(new Bypass(List.of(), List.of("session_id", "wordpress_logged_in")));
        assertThat(route("bypass: {headers: [X-Preview]}").bypass())
                .isEqualTo(new Bypass(List.of("X-Preview"), List.of()));
    }

    @Test
    void emptyBypassDisablesIt() {
        assertThat(route("bypass: {}").bypass()).isEqualTo(new Bypass(List.of(), List.of()));
    }

    @Test
    void missingUseStaleMeansTheRfc5861Errors() {
        assertThat(route("cache: true").useStale()).containsExactlyInAnyOrder(StaleCondition.ERROR,
                StaleCondition.TIMEOUT, StaleCondition.HTTP_500, StaleCondition.HTTP_502, StaleCondition.HTTP_503,
                StaleCondition.HTTP_504);
    }

    @Test
    void emptyUseStaleNeverServesStaleOnError() {
        assertThat(route("use-stale: []").useStale()).isEmpty();
    }

    @Test
    void enumNamesIgnoreCaseAndSeparator() {
        RouteConfig route = route("use-stale: [HTTP-503, Timeout]\n    ignore-headers: [SET_COOKIE]");

        assertThat(route.useStale()).containsExactlyInAnyOrder(StaleCondition.HTTP_503, StaleCondition.TIMEOUT);
        assertThat(route.ignoreHeaders()).containsExactly(IgnoredHeader.SET_COOKIE);
    }

    @Test
    void unnamedRoutesAreNamedByTheirIndex() {
        TierCacheConfig config = ConfigLoader.fromYaml("""
                routes:
                  - {name: first, match: {prefix: /a}}
                  - {match: {prefix: /b}}
                """);

        assertThat(config.routes()).extracting(RouteConfig::name).containsExactly("first", "route-1");
    }

    @Test
    void firstMatchingRouteWinsAndTheCatchAllFollows() {
        TierCacheConfig config = ConfigLoader.fromYaml("""
                routes:
                  - {name: css, match: {extensions: [css]}}
                  - {name: blog, match: {prefix: /blog/}}
                """);

        assertThat(config.routeFor("/blog/site.css").name()).isEqualTo("css");
        assertThat(config.routeFor("/blog/post").name()).isEqualTo("blog");
        assertThat(config.routeFor("/other")).isSameAs(RouteConfig.catchAll());
    }

    @Test
    void catchAllCachesWhatHttpAllowsWithDefaults() {
        RouteConfig route = RouteConfig.catchAll();

        assertThat(route.name()).isEqualTo("default");
        assertThat(route.match()).isEqualTo(RouteMatch.everything());
        assertThat(route.cache()).isTrue();
        assertThat(route.ttl()).isEqualTo(TtlRules.none());
        assertThat(route.ignoreHeaders()).isEmpty();
        assertThat(route.key().isDefault()).isTrue();
        assertThat(route.bypass()).isEqualTo(Bypass.defaults());
        assertThat(route.staleWhileRevalidate()).isZero();
        assertThat(route.staleIfError()).isZero();
        assertThat(route.useStale()).isEqualTo(StaleCondition.defaults());
        assertThat(route.clientNoCache()).isEqualTo(ClientNoCache.HONOUR);
        assertThat(route.heuristicFreshness()).as("the cache-wide setting").isNull();
        assertThat(route.staleIfUnreachable()).as("the cache-wide setting").isNull();
        assertThat(route.forceRefreshHeader()).isNull();
    }

    @Test
    void noRoutesMeansEverythingGoesToTheCatchAll() {
        assertThat(ConfigLoader.fromYaml("").routeFor("/anything")).isSameAs(RouteConfig.catchAll());
    }

    @Test
    void staleConditionsKnowTheirStatus() {
        assertThat(StaleCondition.ofStatus(503)).contains(StaleCondition.HTTP_503);
        assertThat(StaleCondition.ofStatus(501)).isEmpty();
        assertThat(StaleCondition.ofStatus(0)).isEmpty();
        assertThat(Set.of(StaleCondition.values())).extracting(StaleCondition::configName)
                .contains("error", "timeout", "http_500", "http_429");
    }

    private static RouteConfig route(String yaml) {
        return ConfigLoader.fromYaml("routes:\n  - match: {prefix: /}\n    " + yaml + "\n").routes().get(0);
    }
}
