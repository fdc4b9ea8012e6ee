package io.tiercache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("HeaderFields and HeaderList: case-insensitive, ordered header fields (RFC 9110 §5)")
class HeaderListTest {

    private static final HeaderList HEADERS = HeaderList.of(
            "Content-Type", "text/html",
            "Cache-Control", "public",
            "Vary", "Accept-Encoding",
            "cache-control", "max-age=60");

    // RFC 9110 §5.1: field names are case-insensitive
    @ParameterizedTest(name = "finds Cache-Control spelled {0}")
    @ValueSource(strings = {"Cache-Control", "cache-control", "CACHE-CONTROL", "cAcHe-CoNtRoL"})
    void findsFieldsWhateverTheCaseOfTheName(String name) {
        assertThat(HEADERS.first(name)).isEqualTo("public");
        assertThat(HEADERS.all(name)).containsExactly("public", "max-age=60");
        assertThat(HEADERS.contains(name)).isTrue();
    }

    // RFC 9110 §5.2: a missing field has no value
    @Test
    void reportsAnAbsentFieldAsNullOrEmpty() {
        assertThat(HEADERS.first("ETag")).isNull();
        assertThat(HEADERS.all("ETag")).isEmpty();
        assertThat(HEADERS.contains("ETag")).isFalse();
        assertThat(HEADERS.combined("ETag")).isNull();
    }

    // RFC 9110 §5.3: several lines of one field combine into one comma-separated value, in order
    @Test
    void combinesLinesOfOneFieldInOrder() {
        assertThat(HEADERS.combined("Cache-Control")).isEqualTo("public, max-age=60");
        assertThat(HEADERS.combined("Vary")).isEqualTo("Accept-Encoding");
    }

    // RFC 9110 §5.3: a field with an empty value is present, not absent
    @Test
    void keepsAnEmptyValueApartFromAnAbsentField() {
        HeaderList headers = HeaderList.of("Accept-Language", "");
        assertThat(headers.contains("Accept-Language")).isTrue();
        assertThat(headers.combined("Accept-Language")).isEmpty();
    }

    // RFC 9110 §5.3: the order of field lines is kept
    @Test
    void visitsEveryLineInOrder() {
        List<String> seen = new ArrayList<>();
        HEADERS.forEach((name, value) -> seen.add(name + ": " + value));
        assertThat(seen).containsExactly("Content-Type: text/html", "Cache-Control: public",
                "Vary: Accept-Encoding", "cache-control: max-age=60");
        assertThat(HEADERS.size()).isEqualTo(4);
        assertThat(HEADERS.name(3)).isEqualTo("cache-control");
        assertThat(HEADERS.value(3)).isEqualTo("max-age=60");
    }

    // RFC 9110 §7.6.1: removing fields (as a proxy does for hop-by-hop ones) ignores the case of the name
    @Test
    void removesNamedFieldsWhateverTheirCase() {
        assertThat(HEADERS.without(List.of("CACHE-control")))
                .isEqualTo(HeaderList.of("Content-Type", "text/html", "Vary", "Accept-Encoding"));
    }

    @Test
    void returnsItselfWhenThereIsNothingToRemove() {
        assertThat(HEADERS.without(List.of())).isSameAs(HEADERS);
        assertThat(HEADERS.without(List.of("Set-Cookie"))).isSameAs(HEADERS);
    }

    // RFC 9111 §3.2: a replaced field keeps the position of its first line
    @Test
    void replacesEveryLineOfAFieldWithOneLineInPlace() {
        assertThat(HEADERS.with("CACHE-CONTROL", "no-cache")).isEqualTo(HeaderList.of(
                "Content-Type", "text/html", "CACHE-CONTROL", "no-cache", "Vary", "Accept-Encoding"));
    }

    @Test
    void appendsAFieldThatWasAbsent() {
        assertThat(HeaderList.of("A", "1").with("Age", "5")).isEqualTo(HeaderList.of("A", "1", "Age", "5"));
    }

    @Test
    void rejectsAnOddNumberOfNamesAndValues() {
        assertThatThrownBy(() -> HeaderList.of("Content-Type")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNullNamesAndValues() {
        assertThatThrownBy(() -> HeaderList.builder().add(null, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> HeaderList.builder().add("x", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void buildsTheSharedEmptyListWhenNothingWasAdded() {
        assertThat(HeaderList.builder().build()).isSameAs(HeaderList.EMPTY);
        assertThat(HeaderList.of()).isSameAs(HeaderList.EMPTY);
        assertThat(HeaderList.EMPTY.size()).isZero();
    }

    @Test
    void copiesAnotherViewLineByLine() {
        HeaderFields view = new HeaderFields() {
            private final Map<String, String> lines = Map.of("ETag", "\"1\"");

            @Override
            public String first(String name) {
                return lines.get(name);
            }

            @Override
            public List<String> all(String name) {
                return lines.containsKey(name) ? List.of(lines.get(name)) : List.of();
            }

            @Override
            public void forEach(BiConsumer<String, String> action) {
                lines.forEach(action);
            }
        };
        assertThat(HeaderList.copyOf(view)).isEqualTo(HeaderList.of("ETag", "\"1\""));
        assertThat(HeaderList.copyOf(HEADERS)).isSameAs(HEADERS);
        assertThat(HeaderList.builder().add("A", "1").addAll(HEADERS).size()).isEqualTo(5);
    }

    @Test
    void comparesByNamesAndValuesInOrder() {
        assertThat(HeaderList.of("A", "1", "B", "2")).isEqualTo(HeaderList.of("A", "1", "B", "2"))
                .hasSameHashCodeAs(HeaderList.of("A", "1", "B", "2"))
                .isNotEqualTo(HeaderList.of("B", "2", "A", "1"))
                .isNotEqualTo(HeaderList.of("a", "1", "B", "2"));
        assertThat(HeaderList.of("A", "1", "B", "2")).hasToString("A: 1\nB: 2\n");
    }

    @Test
    void weighsTheHeadersForTheHotTier() {
        // 32 for the list, 16 per line, 40 per line plus the characters of name and value
        assertThat(HeaderList.of("Age", "5").estimatedBytes()).isEqualTo(32 + 16 + 40 + 3 + 1);
        assertThat(HeaderList.EMPTY.estimatedBytes()).isEqualTo(32);
    }

    @Test
    void providesAnEmptyView() {
        List<String> seen = new ArrayList<>();
        HeaderFields.EMPTY.forEach((name, value) -> seen.add(name));
        assertThat(seen).isEmpty();
        assertThat(HeaderFields.EMPTY.first("Date")).isNull();
        assertThat(HeaderFields.EMPTY.all("Date")).isEmpty();
        assertThat(HeaderFields.EMPTY.combined("Date")).isNull();
    }
}
