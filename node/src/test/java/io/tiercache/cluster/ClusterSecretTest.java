package io.tiercache.cluster;

import io.tiercache.config.ConfigLoader;
import io.tiercache.store.PurgeScope;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the secret derives: the name members join by, and MACs that cover every field of a message. */
class ClusterSecretTest {

    static final String SECRET = "fleet-secret-0123456789abcdef";

    static ClusterSecret secret(String name, String secret) {
        String yaml = "cluster: {name: " + name + (secret == null ? "" : ", secret: " + secret) + "}";
        return ClusterSecret.of(ConfigLoader.fromYaml(yaml).cluster());
    }

    @Test
    void theNameOnTheWireIsTheNameWithATagOnlyTheSecretGives() {
        String wireName = secret("shop", SECRET).wireName();

        assertThat(wireName).matches("shop-[0-9a-f]{32}").doesNotContain(SECRET);
        assertThat(secret("shop", SECRET).wireName()).isEqualTo(wireName);
        assertThat(secret("shop", "fleet-secret-0123456789abcdeF").wireName()).isNotEqualTo(wireName);
        assertThat(secret("shop2", SECRET).wireName()).doesNotEndWith(wireName.substring(5));
    }

    @Test
    void withoutASecretTheNameIsPlainAndNothingIsAuthenticated() {
        ClusterSecret none = secret("shop", null);
        PurgeAck ack = new PurgeAck(UUID.randomUUID(), UUID.randomUUID(), "node-1");

        assertThat(none.wireName()).isEqualTo("shop");
        assertThat(none.authenticates()).isFalse();
        assertThat(none.verifies(ack)).isTrue();
    }

    @Test
    void aMacVerifiesOnlyWithTheSameSecretAndCluster() {
        ClusterSecret fleet = secret("shop", SECRET);
        PurgeAck ack = new PurgeAck(UUID.randomUUID(), UUID.randomUUID(), "node-1");
        ack.sign(fleet);

        assertThat(fleet.verifies(ack)).isTrue();
        assertThat(secret("shop", "another-secret-0123456789abc").verifies(ack)).isFalse();
        assertThat(secret("shop2", SECRET).verifies(ack)).isFalse();
        assertThat(fleet.verifies(new PurgeAck(ack.purgeId(), ack.member(), ack.node()))).as("unsigned").isFalse();
    }

    @Test
    void changingAnyFieldOfAPurgeBreaksItsMac() {
        ClusterSecret fleet = secret("shop", SECRET);
        UUID id = UUID.randomUUID();
        PurgeScope scope = new PurgeScope(List.of("/a?b=1"), List.of("/blog/"), List.of("post-1"), "site.test");
        PurgeEvent signed = new PurgeEvent(id, scope, false, "node-1", 1000);
        signed.sign(fleet);
        List<PurgeEvent> altered = List.of(
                new PurgeEvent(UUID.randomUUID(), scope, false, "node-1", 1000),
                new PurgeEvent(id, new PurgeScope(List.of("/a?b=2"), scope.prefixes(), scope.tags(), scope.host()),
                        false, "node-1", 1000),
                new PurgeEvent(id, new PurgeScope(scope.pathQueries(), List.of("/"), scope.tags(), scope.host()),
                        false, "node-1", 1000),
                new PurgeEvent(id, new PurgeScope(scope.pathQueries(), scope.prefixes(), List.of(), scope.host()),
                        false, "node-1", 1000),
                new PurgeEvent(id, new PurgeScope(scope.pathQueries(), scope.prefixes(), scope.tags(), null),
                        false, "node-1", 1000),
                new PurgeEvent(id, scope, true, "node-1", 1000),
                new PurgeEvent(id, scope, false, "node-2", 1000),
                new PurgeEvent(id, scope, false, "node-1", 1001));

        assertThat(fleet.verifies(signed)).isTrue();
        for (PurgeEvent event : altered) {
            event.sign(fleet);
            assertThat(event.mac()).as("%s %s", event.scope(), event.soft()).isNotEqualTo(signed.mac());
        }
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        ClusterSecret fleet = secret("shop", SECRET);
        PurgeScope two = new PurgeScope(List.of("/a", "/b"), List.of(), List.of(), null);
        PurgeScope one = new PurgeScope(List.of("/a"), List.of("/b"), List.of(), null);
        UUID id = UUID.randomUUID();
        PurgeEvent first = new PurgeEvent(id, two, false, "n", 1);
        PurgeEvent second = new PurgeEvent(id, one, false, "n", 1);
        first.sign(fleet);
        second.sign(fleet);

        assertThat(first.mac()).isNotEqualTo(second.mac());
    }
}
