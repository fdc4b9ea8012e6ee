package io.tiercache.policy;

import static io.tiercache.policy.Directives.none;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("ClientDirectives: what the client asked of the cache (RFC 9111 §5.2.1, §5.4)")
class ClientDirectivesTest {

    static Stream<Arguments> requests() {
        return Stream.of(
                // RFC 9111 §5.2.1: no directives
                arguments("asks nothing without Cache-Control or Pragma", HeaderList.EMPTY, true,
                        new ClientDirectives(CacheControl.NONE, false, true)),
                // route rule: the client's directives are not honoured
                arguments("records that the route does not honour the client", HeaderList.EMPTY, false,
                        new ClientDirectives(CacheControl.NONE, false, false)),
                // RFC 9111 §5.2.1.4
                arguments("reads no-cache from Cache-Control", HeaderList.of("Cache-Control", "no-cache"), true,
                        new ClientDirectives(none().noCache().build(), true, true)),
                // RFC 9111 §5.4: Pragma: no-cache when there is no Cache-Control
                arguments("reads Pragma: no-cache without Cache-Control", HeaderList.of("Pragma", "no-cache"), true,
                        new ClientDirectives(CacheControl.NONE, true, true)),
                // RFC 9111 §5.4: Pragma values are case-insensitive tokens
                arguments("reads Pragma: No-Cache in any case", HeaderList.of("pragma", "No-Cache"), true,
                        new ClientDirectives(CacheControl.NONE, true, true)),
                // RFC 9111 §5.4: Pragma is ignored when Cache-Control is present
                arguments("ignores Pragma: no-cache when Cache-Control is present",
                        HeaderList.of("Pragma", "no-cache", "Cache-Control", "max-age=5"), true,
                        new ClientDirectives(none().maxAge(5).build(), false, true)),
                // RFC 9111 §5.4: other Pragma values mean nothing
                arguments("ignores other Pragma values", HeaderList.of("Pragma", "x-debug"), true,
                        new ClientDirectives(CacheControl.NONE, false, true)),
                // RFC 9111 §5.2.1.1, §5.2.1.2, §5.2.1.3 over several lines
                arguments("reads every Cache-Control line of the request",
                        HeaderList.of("Cache-Control", "max-age=10", "Cache-Control", "min-fresh=5, max-stale=20"),
                        true, new ClientDirectives(none().maxAge(10).minFresh(5).maxStale(20).build(), false, true)),
                // route rule: directives are kept but marked not honoured
                arguments("keeps the directives but marks them not honoured",
                        HeaderList.of("Cache-Control", "no-cache"), false,
                        new ClientDirectives(none().noCache().build(), true, false)),
                // route rule: Pragma likewise
                arguments("keeps Pragma: no-cache but marks it not honoured", HeaderList.of("Pragma", "no-cache"),
                        false, new ClientDirectives(CacheControl.NONE, true, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void readsTheClientsDirectives(String behaviour, HeaderList request, boolean honour, ClientDirectives expected) {
        assertThat(ClientDirectives.of(request, honour)).isEqualTo(expected);
    }

    // RFC 9111 §5.2.1.7
    @Test
    void tellsWhenTheClientWantsOnlyACachedResponse() {
        assertThat(ClientDirectives.of(HeaderList.of("Cache-Control", "only-if-cached"), true).onlyIfCached())
                .isTrue();
        assertThat(ClientDirectives.of(HeaderList.of("Cache-Control", "max-age=0"), true).onlyIfCached()).isFalse();
        assertThat(ClientDirectives.NONE.onlyIfCached()).isFalse();
    }
}
