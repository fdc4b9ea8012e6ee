package io.tiercache.store;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** How a purge's second collection of keys is told from its first, and how keys are split by partition. */
class SharedPurgeTest {

    @Test
    @DisplayName("the second collection purges new keys, and known keys that a new URL now names")
    void secondCollectionKeepsWhatIsNew() {
        SharedPurge.Selection early = new SharedPurge.Selection(Map.of("k1", Set.of("/a"), "k2", Set.of()), List.of());
        SharedPurge.Selection again = new SharedPurge.Selection(Map.of("k1", Set.of("/a", "/b"), "k2", Set.of(),
                "k3", Set.of("/c"), "k4", Set.of()), List.of());

        assertThat(again.without(early).urlsByKey()).containsOnlyKeys("k1", "k3", "k4");
        assertThat(early.without(early).urlsByKey()).isEmpty();
    }

    @Test
    @DisplayName("each partition's part carries the URLs that named its keys, the queried URLs, every prefix and tag")
    void partsCarryTheirOwnUrls() {
        PurgeScope scope = new PurgeScope(List.of("/a", "/b", "/c", "/many"), List.of("/p/"), List.of("t"), "Example.test:80");
        SharedPurge.Selection selected = new SharedPurge.Selection(Map.of("a-1", Set.of("/a"), "b-1", Set.of("/b"),
                "a-2", Set.of("/a", "/c"), "q-1", Set.of()), List.of("/many"));

        List<SharedPurge.Group> groups = selected.byPartition(scope, key -> key.charAt(0));

        assertThat(groups).hasSize(3);
        for (SharedPurge.Group group : groups) {
            char partition = group.keys.iterator().next().charAt(0);
            assertThat(group.scope.pathQueries()).containsExactlyInAnyOrderElementsOf(switch (partition) {
                case 'a' -> List.of("/a", "/c", "/many");
                case 'b' -> List.of("/b", "/many");
                default -> List.of("/many");
            });
            assertThat(group.scope.prefixes()).containsExactly("/p/");
            assertThat(group.scope.tags()).containsExactly("t");
            assertThat(group.scope.host()).isEqualTo("example.test");
        }
    }
}
