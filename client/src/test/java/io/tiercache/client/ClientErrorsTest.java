package io.tiercache.client;

import io.tiercache.testing.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientErrorsTest {

    static NodeUnderTest cache;

    @BeforeAll
    static void start() {
        cache = NodeUnderTest.start();
    }

    @AfterAll
    static void stop() {
        cache.close();
    }

    @Test
    void purgeWithoutTokenIsUnauthorized() {
        TierCacheClient anonymous = TierCacheClient.builder().admin(cache.admin()).build();

        assertThatThrownBy(() -> anonymous.purgeTags("any"))
                .isInstanceOfSatisfying(UnauthorizedException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(401);
                    assertThat(refused.reason()).contains("Authorization: Bearer");
                    assertThat(refused.getMessage()).startsWith("401 needs Authorization");
                });
    }

    @Test
    void purgeWithWrongTokenIsForbidden() {
        TierCacheClient wrong = TierCacheClient.builder().admin(cache.admin()).token("not-the-token").build();

        assertThatThrownBy(() -> wrong.purgeUrls("/any"))
                .isInstanceOfSatisfying(ForbiddenException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(403);
                    assertThat(refused.reason()).isEqualTo("wrong purge token");
                    assertThat(refused.getMessage()).isEqualTo("403 wrong purge token");
                });
    }

    @Test
    void requestTheNodeRejectsIsABadRequestNamingTheField() {
        assertThatThrownBy(() -> cache.client().purgeTags(" "))
                .isInstanceOfSatisfying(BadRequestException.class, rejected -> {
                    assertThat(rejected.status()).isEqualTo(400);
                    assertThat(rejected.reason()).isEqualTo("'tags' must contain non-empty strings");
                });
    }

    @Test
    void statsNeedNoToken() {
        TierCacheClient anonymous = TierCacheClient.builder().admin(cache.admin()).build();

        assertThat(anonymous.stats().node()).isEqualTo("node-1");
    }

    @Test
    void tokenFromTheEnvironmentIsSent() {
        TierCacheClient fromEnvironment = TierCacheClient.fromEnvironment(cache.admin(),
                Map.of(TierCacheClient.TOKEN_VARIABLE, NodeUnderTest.TOKEN));

        assertThat(fromEnvironment.purgeTags("env-tag").acknowledged()).containsExactly("node-1");
    }

    @Test
    void wrongAdminPathIsAPlainTierCacheExceptionWithTheStatus() {
        TierCacheClient misdirected = TierCacheClient.builder().admin(URI.create(cache.node.adminUrl("/api"))).build();

        assertThatThrownBy(misdirected::stats)
                .isExactlyInstanceOf(TierCacheException.class)
                .hasMessage("404 no admin endpoint /api/stats");
    }

    @Test
    void proxyPortGivenForTheAdminPortIsNotTakenForAnAnswer() {
        TierCacheClient misdirected = TierCacheClient.builder().admin(URI.create(cache.node.url(""))).build();

        assertThatThrownBy(misdirected::stats)
                .isInstanceOf(TierCacheException.class)
                .hasMessageContaining("404");
    }

    @Test
    void closedPortIsATransportFailure() {
        TierCacheClient nowhere = TierCacheClient.builder().admin(URI.create("http://127.0.0.1:" + Ports.free())).build();

        assertThatThrownBy(() -> nowhere.purgeTags("any"))
                .isInstanceOfSatisfying(TransportException.class, failure -> {
                    assertThat(failure.status()).isZero();
                    assertThat(failure.getMessage()).startsWith("cannot reach http://127.0.0.1:").endsWith("connection refused");
                });
    }

    @Test
    void silentNodeIsATransportFailureAfterTheTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            TierCacheClient impatient = TierCacheClient.builder()
                    .admin(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                    .timeout(Duration.ofMillis(300))
                    .build();

            assertThatThrownBy(impatient::stats)
                    .isInstanceOf(TransportException.class)
                    .hasMessageEndingWith("did not answer within 300 ms");
        }
    }
}
