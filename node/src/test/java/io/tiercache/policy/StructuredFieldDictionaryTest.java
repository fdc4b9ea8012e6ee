package io.tiercache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.policy.StructuredFieldDictionary.InnerList;
import io.tiercache.policy.StructuredFieldDictionary.Item;
import io.tiercache.policy.StructuredFieldDictionary.Token;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("StructuredFieldDictionary: RFC 8941 Dictionaries, parsed strictly (§3.2, §4.2)")
class StructuredFieldDictionaryTest {

    private static Map<String, StructuredFieldDictionary.Member> members(String... lines) {
        return StructuredFieldDictionary.parse(List.of(lines)).orElseThrow().members();
    }

    private static Object value(String field, String key) {
        return ((Item) members(field).get(key)).value();
    }

    // RFC 8941 §3.2: a member without a value is Boolean true
    @Test
    void readsAMemberWithoutValueAsTrue() {
        assertThat(members("no-store")).containsExactly(Map.entry("no-store", new Item(true, Map.of())));
    }

    // RFC 8941 §3.3: Integer, Decimal, String, Token, Byte Sequence, Boolean
    @Test
    void readsEveryBareItemType() {
        String field = "a=42, b=-7, c=1.5, d=\"x \\\"y\\\" \\\\\", e=tok/en:1, f=:aGVsbG8=:, g=?0, h=?1";
        assertThat(value(field, "a")).isEqualTo(42L);
        assertThat(value(field, "b")).isEqualTo(-7L);
        assertThat(value(field, "c")).isEqualTo(new BigDecimal("1.5"));
        assertThat(value(field, "d")).isEqualTo("x \"y\" \\");
        assertThat(value(field, "e")).isEqualTo(new Token("tok/en:1"));
        assertThat((byte[]) value(field, "f")).asString().isEqualTo("hello");
        assertThat(value(field, "g")).isEqualTo(false);
        assertThat(value(field, "h")).isEqualTo(true);
    }

    // RFC 8941 §3.1.2: parameters on items and on members without a value
    @Test
    void readsParameters() {
        Map<String, StructuredFieldDictionary.Member> members = members("max-age=60;foo=bar;baz, private;x=1");
        assertThat(members.get("max-age")).isEqualTo(new Item(60L, Map.of("foo", new Token("bar"), "baz", true)));
        assertThat(members.get("private")).isEqualTo(new Item(true, Map.of("x", 1L)));
    }

    // RFC 8941 §3.1.1: inner lists
    @Test
    void readsInnerLists() {
        assertThat(members("a=(1 \"b\" c);p, d=()").get("a")).isEqualTo(new InnerList(
                List.of(new Item(1L, Map.of()), new Item("b", Map.of()), new Item(new Token("c"), Map.of())),
                Map.of("p", true)));
    }

    // RFC 8941 §4.2.2: a key given twice keeps its last value, in the first one's place
    @Test
    void keepsTheLastValueOfARepeatedKey() {
        assertThat(members("a=1, b=2, a=3")).containsExactly(Map.entry("b", new Item(2L, Map.of())),
                Map.entry("a", new Item(3L, Map.of())));
    }

    // RFC 8941 §4.2: several field lines are one value; whitespace around commas is optional
    @Test
    void combinesFieldLinesAndSkipsWhitespace() {
        assertThat(members("  a=1 ,\tb", "c=3  ").keySet()).containsExactly("a", "b", "c");
    }

    // RFC 8941 §4.2: an empty field is no field
    @Test
    void findsNothingInAnEmptyField() {
        assertThat(StructuredFieldDictionary.parse(List.of("   "))).isEmpty();
        assertThat(StructuredFieldDictionary.parse(List.of())).isEmpty();
    }

    // RFC 8941 §4.2: any error fails the whole field
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
            "Max-Age=60", "max-age=60,", "max-age=60,,private", "max-age=", "max-age=60 private", "max-age=1.2345",
            "max-age=1234567890123456", "max-age=1234567890123.5", "a=\"unterminated", "a=\"bad \\n escape\"",
            "a=(1 2", "a=?2", "a=:not base64!:", "1a=1", "a=@", "a=1;", "a=\"tab\there\""})
    void failsOnAnySyntaxError(String field) {
        assertThatThrownBy(() -> StructuredFieldDictionary.parse(List.of(field)))
                .isInstanceOf(StructuredFieldDictionary.Invalid.class);
    }
}
