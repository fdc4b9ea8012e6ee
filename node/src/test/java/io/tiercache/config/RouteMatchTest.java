package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteMatchTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "/blog/,        true",
            "/blog/post-1,  true",
            "/blog,         false",
            "/BLOG/post,    false",
            "/about/blog/,  false",
    })
    void prefixMatchesPathsStartingWithIt(String path, boolean matches) {
        assertThat(new RouteMatch("/blog/", null, Set.of()).matches(path)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "/api/users,      true",
            "/v2/api/users,   true",
            "/apis,           false",
    })
    void regexIsFoundAnywhereInThePath(String path, boolean matches) {
        assertThat(new RouteMatch(null, Pattern.compile("/api/"), Set.of()).matches(path)).isEqualTo(matches);
    }

    @Test
    void anchoredRegexMatchesFromTheStart() {
        RouteMatch match = new RouteMatch(null, Pattern.compile("^/api/"), Set.of());

        assertThat(match.matches("/api/users")).isTrue();
        assertThat(match.matches("/v2/api/users")).isFalse();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "/static/app.css,           true",
            "/static/APP.CSS,           true",
            "/img/logo.png,             true",
            "/archive.tar.gz,           false",
            "/bundle.min.js,            true",
            "/static/app.css/index,     false",
            "/dir.css/page,             false",
            "/css,                      false",
            "/,                         false",
            "/file.,                    false",
            "/.js,                      true",
    })
    void extensionIsTheTextAfterTheLastDotOfTheLastSegment(String path, boolean matches) {
        assertThat(new RouteMatch(null, null, Set.of("css", "js", "png")).matches(path)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "/assets/app.css,       true",
            "/assets/v2/app.css,    false",
            "/assets/app.js,        false",
            "/other/app.css,        false",
    })
    void allGivenConditionsMustHold(String path, boolean matches) {
        RouteMatch match = new RouteMatch("/assets/", Pattern.compile("^/assets/[^/]+$"), Set.of("css"));

        assertThat(match.matches(path)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/", "/anything", "/a/b.c?"})
    void everythingMatchesEveryPath(String path) {
        assertThat(RouteMatch.everything().matches(path)).isTrue();
    }

    @Test
    void anEncodedSlashCountsAsASlashUnlessTheRouteKeepsIt() {
        RouteMatch decoding = new RouteMatch("/api/", null, Set.of());
        RouteMatch keeping = new RouteMatch("/api/", null, Set.of(), true);

        assertThat(decoding.matches("/api%2Fme", "/api/me")).isTrue();
        assertThat(keeping.matches("/api%2Fme", "/api/me")).isFalse();
        assertThat(keeping.matches("/api/a%2Fb", "/api/a/b")).isTrue();
        assertThat(keeping).isNotEqualTo(decoding);
    }

    @Test
    void equalsComparesRegexByItsText() {
        assertThat(new RouteMatch("/a", Pattern.compile("x+"), Set.of("css")))
                .isEqualTo(new RouteMatch("/a", Pattern.compile("x+"), Set.of("css")))
                .hasSameHashCodeAs(new RouteMatch("/a", Pattern.compile("x+"), Set.of("css")))
                .isNotEqualTo(new RouteMatch("/a", Pattern.compile("y+"), Set.of("css")));
    }
}
