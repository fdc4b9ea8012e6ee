package io.tiercache.store;

import com.hazelcast.internal.nio.BufferObjectDataOutput;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import static io.tiercache.store.Responses.HOST;
import static io.tiercache.store.Responses.location;
import static io.tiercache.store.Responses.response;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("PurgeScope: which stored entries a purge covers")
class PurgeScopeTest {

    private static PurgeScope urls(String... pathQueries) {
        return new PurgeScope(List.of(pathQueries), List.of(), List.of(), null);
    }

    private static PurgeScope prefixes(String... prefixes) {
        return new PurgeScope(List.of(), List.of(prefixes), List.of(), null);
    }

    private static PurgeScope tags(String... tags) {
        return new PurgeScope(List.of(), List.of(), List.of(tags), null);
    }

    @Nested
    @DisplayName("by URL")
    class ByUrl {

        @Test
        void matchesTheExactPathAndQuery() {
            assertThat(urls("/search?q=tea&page=2").matches(response("/search?q=tea&page=2", 0))).isTrue();
        }

        /** The cache key keeps the query as the client sent it, so a purge names it the same way. */
        @Test
        void doesNotMatchTheSameQueryInAnotherOrder() {
            assertThat(urls("/search?q=tea&page=2").matches(response("/search?page=2&q=tea", 0))).isFalse();
        }

        @Test
        void withoutAQueryDoesNotMatchThePathWithAQuery() {
            assertThat(urls("/search").matches(response("/search?q=tea", 0))).isFalse();
            assertThat(urls("/search?q=tea").matches(response("/search", 0))).isFalse();
        }

        @Test
        void matchesAnyOfSeveralUrls() {
            PurgeScope scope = urls("/a", "/b?x=1");

            assertThat(scope.matches(response("/b?x=1", 0))).isTrue();
            assertThat(scope.matches(response("/a", 0))).isTrue();
            assertThat(scope.matches(response("/c", 0))).isFalse();
        }

        @Test
        void isBuiltFromAnAbsoluteUri() {
            PurgeScope scope = PurgeScope.url(URI.create("http://WWW.Example.test:80/search?q=tea"));

            assertThat(scope).isEqualTo(PurgeScope.url(HOST, "/search?q=tea"));
            assertThat(scope.matches(response("/search?q=tea", 0))).isTrue();
            assertThat(PurgeScope.url(URI.create("http://www.example.test")).pathQueries()).containsExactly("/");
        }
    }

    @Nested
    @DisplayName("by prefix")
    class ByPrefix {

        @Test
        void matchesEveryPathUnderThePrefix() {
            PurgeScope scope = prefixes("/blog/");

            assertThat(scope.matches(response("/blog/", 0))).isTrue();
            assertThat(scope.matches(response("/blog/2025/tea?page=3", 0))).isTrue();
            assertThat(scope.matches(response("/blogger", 0))).isFalse();
            assertThat(scope.matches(response("/shop/blog/", 0))).isFalse();
        }

        @Test
        void comparesWithThePathWithoutItsQuery() {
            assertThat(prefixes("/search?q").matches(response("/search?q=tea", 0))).isFalse();
        }
    }

    @Nested
    @DisplayName("by tag")
    class ByTag {

        @Test
        void matchesAnEntryCarryingAnyOfTheTags() {
            PurgeScope scope = tags("product-7", "category-2");

            assertThat(scope.matches(response("/a", 0, "home", "category-2"))).isTrue();
            assertThat(scope.matches(response("/b", 0, "product-7"))).isTrue();
            assertThat(scope.matches(response("/c", 0, "product-8", "home"))).isFalse();
            assertThat(scope.matches(response("/d", 0))).isFalse();
        }

        @Test
        void isCaseSensitive() {
            assertThat(tags("Product-7").matches(response("/a", 0, "product-7"))).isFalse();
        }
    }

    @Nested
    @DisplayName("on one host")
    class OnOneHost {

        private final CachedResponse onPort8080 = response(location("www.example.test:8080", "/a"), 0);

        @Test
        void matchesOnlyEntriesOfThatHost() {
            PurgeScope scope = PurgeScope.url(HOST, "/a");

            assertThat(scope.matches(response("/a", 0))).isTrue();
            assertThat(scope.matches(response(location("other.example.test", "/a"), 0))).isFalse();
            assertThat(scope.matches(onPort8080)).isFalse();
        }

        @Test
        void comparesHostsWithoutCase() {
            assertThat(PurgeScope.url("WWW.Example.Test", "/a").matches(response("/a", 0))).isTrue();
        }

        /** Entries are located by Host as requests send it, where the default port is left out. */
        @Test
        void dropsTheDefaultPort() {
            PurgeScope scope = PurgeScope.url("www.example.test:80", "/a");

            assertThat(scope.host()).isEqualTo(HOST);
            assertThat(scope.matches(response("/a", 0))).isTrue();
        }

        @Test
        void keepsAnyOtherPort() {
            PurgeScope scope = PurgeScope.url("www.example.test:8080", "/a");

            assertThat(scope.matches(onPort8080)).isTrue();
            assertThat(scope.matches(response("/a", 0))).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "  "})
        void blankMeansEveryHost(String host) {
            PurgeScope scope = PurgeScope.url(host, "/a");

            assertThat(scope.host()).isNull();
            assertThat(scope.matches(onPort8080)).isTrue();
            assertThat(scope.matches(response(location("other.example.test", "/a"), 0))).isTrue();
        }

        @Test
        void restrictsPrefixesAndTagsToo() {
            PurgeScope scope = new PurgeScope(List.of(), List.of("/"), List.of("home"), "other.example.test");

            assertThat(scope.matches(response("/a", 0, "home"))).isFalse();
            assertThat(scope.matches(response(location("other.example.test", "/a"), 0))).isTrue();
        }
    }

    @Nested
    @DisplayName("when empty")
    class Empty {

        @Test
        void matchesNothing() {
            PurgeScope empty = new PurgeScope(List.of(), List.of(), List.of(), null);

            assertThat(empty.isEmpty()).isTrue();
            assertThat(empty.matches(response("/", 0))).isFalse();
            assertThat(empty.matches(response("/a", 0, "home"))).isFalse();
        }

        @Test
        void isStillEmptyWithAHost() {
            PurgeScope hostOnly = new PurgeScope(List.of(), List.of(), List.of(), HOST);

            assertThat(hostOnly.isEmpty()).isTrue();
            assertThat(hostOnly.matches(response("/a", 0))).isFalse();
        }

        @Test
        void isNotEmptyWithAnyPart() {
            assertThat(urls("/a").isEmpty()).isFalse();
            assertThat(prefixes("/").isEmpty()).isFalse();
            assertThat(tags("home").isEmpty()).isFalse();
        }
    }

    @Nested
    @DisplayName("on entries other than responses")
    class OtherEntries {

        private final CacheLocation location = location(HOST, "/menu?lang=de");

        @Test
        void matchesAVariantIndexByItsLocationButNeverByTag() {
            VariantIndex index = new VariantIndex(location, List.of("accept-language"), List.of("de"), 0);

            assertThat(urls("/menu?lang=de").matches(index)).isTrue();
            assertThat(prefixes("/menu").matches(index)).isTrue();
            assertThat(tags("menu").matches(index)).isFalse();
        }

        /** A newer release's entry: its location is readable, so purges still find and remove it. */
        @Test
        void matchesAnUnreadableEntryByItsLocation() {
            UnreadableEntry unreadable = new UnreadableEntry(location, 7);

            assertThat(PurgeScope.url(HOST, "/menu?lang=de").matches(unreadable)).isTrue();
            assertThat(prefixes("/me").matches(unreadable)).isTrue();
            assertThat(tags("menu").matches(unreadable)).isFalse();
            assertThat(PurgeScope.url("other.example.test", "/menu?lang=de").matches(unreadable)).isFalse();
        }
    }

    @Nested
    @DisplayName("on the wire")
    class OnTheWire {

        private static final InternalSerializationService SERIALIZATION = new DefaultSerializationServiceBuilder().build();

        private PurgeScope roundTrip(PurgeScope scope) throws IOException {
            BufferObjectDataOutput out = SERIALIZATION.createObjectDataOutput();
            scope.writeTo(out);
            return PurgeScope.readFrom(SERIALIZATION.createObjectDataInput(out.toByteArray()));
        }

        @Test
        void readsBackEveryPart() throws IOException {
            PurgeScope scope = new PurgeScope(List.of("/a?x=1", "/b"), List.of("/blog/"), List.of("home", "prodüct-7"),
                    "www.example.test:8080");

            assertThat(roundTrip(scope)).isEqualTo(scope);
        }

        @Test
        void readsBackAScopeForEveryHost() throws IOException {
            PurgeScope scope = tags("home");

            PurgeScope read = roundTrip(scope);

            assertThat(read).isEqualTo(scope);
            assertThat(read.host()).isNull();
        }

        @Test
        void readsBackAnEmptyScope() throws IOException {
            assertThat(roundTrip(new PurgeScope(List.of(), List.of(), List.of(), null)).isEmpty()).isTrue();
        }
    }
}
