package io.tiercache.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeapRequirementTest {

    static final long MIB = 1024 * 1024;

    private static CacheConfig cache(String yaml) {
        return ConfigLoader.fromYaml(yaml).cache();
    }

    @Test
    void theDefaultsNeedOwnedEntriesAndBackupsHotTierAndWorkingRoom() {
        CacheConfig defaults = cache("");

        // 2 × 512m + 64m hot tier + 128m + 4 × 8m in flight
        assertThat(HeapRequirement.bytes(defaults)).isEqualTo(1248 * MIB);
        assertThat(HeapRequirement.problem(defaults, 1248 * MIB)).isEmpty();
    }

    @Test
    void withoutAConfiguredBudgetANodeTakesWhatItsHeapHolds() {
        assertThat(HeapRequirement.defaultSharedBytes(2048 * MIB, 64 * MIB)).isEqualTo(512 * MIB);
        long small = HeapRequirement.defaultSharedBytes(512 * MIB, 64 * MIB);
        assertThat(small).isLessThan(512 * MIB).isGreaterThanOrEqualTo(16 * MIB);
        CacheConfig fitted = cache("cache: {shared-size: " + small / MIB + "m}");
        assertThat(HeapRequirement.problem(fitted, 512 * MIB)).isEmpty();
    }

    @Test
    void aHeapTooSmallForTheBudgetNamesWhatWouldFitAndTheHeapThatWould() {
        CacheConfig defaults = cache("");

        assertThat(HeapRequirement.problem(defaults, 1024 * MIB)).hasValue("cache.shared-size 512m does not fit this "
                + "JVM's heap (max 1024m): the node needs about 1248m (2 × shared-size for owned entries and their "
                + "backups, hot-tier-size 64m, 160m of working room); set cache.shared-size to at most 400m, or start "
                + "java with -Xmx1408m");
        CacheConfig fitting = cache("cache: {shared-size: 400m}");
        assertThat(HeapRequirement.problem(fitting, 1024 * MIB)).isEmpty();
    }

    @Test
    void aHeapTooSmallForAnyBudgetSaysSo() {
        assertThat(HeapRequirement.problem(cache(""), 200 * MIB)).hasValueSatisfying(line ->
                assertThat(line).contains("no cache.shared-size fits it").contains("-Xmx1408m"));
    }
}
