package io.tiercache.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the node's answers become results and exceptions, including answers no test node gives. */
class AnswerReadingTest {

    @Test
    void statusesMapToTheirExceptions() {
        assertThat(TierCacheException.of(400, "r")).isExactlyInstanceOf(BadRequestException.class);
        assertThat(TierCacheException.of(401, "r")).isExactlyInstanceOf(UnauthorizedException.class);
        assertThat(TierCacheException.of(403, "r")).isExactlyInstanceOf(ForbiddenException.class);
        assertThat(TierCacheException.of(503, "r")).isExactlyInstanceOf(ServerException.class)
                .hasMessage("503 r").extracting(TierCacheException::status).isEqualTo(503);
        assertThat(TierCacheException.of(500, "r")).isExactlyInstanceOf(ServerException.class);
        assertThat(TierCacheException.of(413, "r")).isExactlyInstanceOf(TierCacheException.class);
    }

    @Test
    void reasonIsTheErrorFieldOrTheStartOfTheBody() {
        assertThat(AdminJson.errorReason("{\"error\": \"purge failed: no quorum\"}\n")).isEqualTo("purge failed: no quorum");
        assertThat(AdminJson.errorReason("<html>\n<body>Bad Gateway</body>")).isEqualTo("<html>");
        assertThat(AdminJson.errorReason("")).isEqualTo("(no reason given)");
        assertThat(AdminJson.errorReason("x".repeat(300))).hasSize(203);
    }

    @Test
    void answerWithoutTheExpectedFieldsIsNotTakenForAResult() {
        assertThatThrownBy(() -> AdminJson.purgeResult(200, "{\"status\": \"ok\"}"))
                .isExactlyInstanceOf(TierCacheException.class)
                .hasMessageContaining("not an answer from the tiercache admin API");
        assertThatThrownBy(() -> AdminJson.stats(200, "hello"))
                .hasMessageContaining("not an answer from the tiercache admin API");
    }

    @Test
    void fieldsAddedLaterAreIgnored() {
        PurgeResult result = AdminJson.purgeResult(200,
                "{\"id\":\"x\",\"purged\":2,\"acknowledged\":[\"a\"],\"missing\":[\"b\"],\"millis\":5,\"soft\":true,\"new\":1}");

        assertThat(result.purged()).isEqualTo(2);
        assertThat(result.complete()).isFalse();
        assertThat(result.missing()).containsExactly("b");
    }
}
