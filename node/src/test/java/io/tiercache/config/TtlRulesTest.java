package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TtlRulesTest {

    @Test
    void prefersTheExactStatusOverAny() {
        TtlRules rules = new TtlRules(Map.of(200, Duration.ofHours(24), 404, Duration.ofMinutes(1)),
                Duration.ofSeconds(10));

        assertThat(rules.forStatus(200)).contains(Duration.ofHours(24));
        assertThat(rules.forStatus(404)).contains(Duration.ofMinutes(1));
        assertThat(rules.forStatus(500)).contains(Duration.ofSeconds(10));
    }

    @Test
    void hasNoRuleForOtherStatusesWithoutAny() {
        TtlRules rules = new TtlRules(Map.of(200, Duration.ofHours(1)), null);

        assertThat(rules.forStatus(200)).contains(Duration.ofHours(1));
        assertThat(rules.forStatus(301)).isEmpty();
    }

    @Test
    void noneHasNoRules() {
        assertThat(TtlRules.none().forStatus(200)).isEmpty();
        assertThat(TtlRules.none().byStatus()).isEmpty();
        assertThat(TtlRules.none().any()).isNull();
    }
}
