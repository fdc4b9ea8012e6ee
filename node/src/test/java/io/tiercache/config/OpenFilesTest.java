package io.tiercache.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The default node.max-connections, derived from the open-file limit. */
class OpenFilesTest {

    @Test
    void keepsOriginPoolsOfEveryEventLoopAndAFixedShareForEverythingElse() {
        assertThat(OpenFiles.reserved(64, 4)).isEqualTo(64 * 4 + 512);
    }

    @Test
    void defaultIsHalfOfWhatTheLimitLeavesForClients() {
        assertThat(OpenFiles.defaultMaxConnections(20_000, 640)).isEqualTo(9_680);
    }

    @Test
    void defaultIsCappedUnderAHighLimit() {
        assertThat(OpenFiles.defaultMaxConnections(1_048_576, 640)).isEqualTo(32_768);
    }

    @Test
    void aLimitThatLeavesNothingGivesNoConnectionsSoTheNodeRefusesToStart() {
        assertThat(OpenFiles.defaultMaxConnections(1_024, 1_152)).isLessThan(1);
    }

    @Test
    void withoutAKnownLimitTheDefaultIsFixed() {
        assertThat(OpenFiles.defaultMaxConnections(OpenFiles.UNKNOWN, 640)).isEqualTo(4_096);
    }

    @Test
    void theDefaultConfigFitsThisProcess() {
        NodeConfig node = ConfigLoader.fromYaml("").node();

        assertThat(node.maxConnections()).isBetween(1, OpenFiles.DEFAULT_CAP);
        assertThat(node.headerTimeout()).hasSeconds(10);
        assertThat(node.keepaliveTimeout()).hasSeconds(75);
    }
}
