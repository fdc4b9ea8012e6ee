package io.tiercache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("EntityTag: parsing and comparing entity-tags (RFC 9110 §8.8.3)")
class EntityTagTest {

    // RFC 9110 §8.8.3: entity-tag = [ weak ] opaque-tag
    @ParameterizedTest(name = "{0} -> opaque \"{1}\", weak {2}")
    @CsvSource(delimiter = '|', value = {
            "'\"xyzzy\"'       | xyzzy  | false",
            "'W/\"xyzzy\"'     | xyzzy  | true",
            "'\"\"'            | ''     | false",
            "'  \"a b,c\"  '   | a b,c  | false",
            "'W/\"\"'          | ''     | true"})
    void parsesAnEntityTag(String value, String opaque, boolean weak) {
        assertThat(EntityTag.parse(value)).isEqualTo(new EntityTag(opaque, weak));
    }

    // RFC 9110 §8.8.3: an opaque-tag is quoted, the weak indicator is case-sensitive "W/"
    @ParameterizedTest(name = "\"{0}\" is malformed")
    @NullAndEmptySource
    @ValueSource(strings = {"xyzzy", "\"xyzzy", "xyzzy\"", "\"", "w/\"xyzzy\"", "W/xyzzy", "\"a\"b\"", "*"})
    void rejectsAMalformedEntityTag(String value) {
        assertThat(EntityTag.parse(value)).isNull();
    }

    // RFC 9110 §13.1.2: If-None-Match = "*" / #entity-tag
    @Test
    void parsesAListOfEntityTags() {
        assertThat(EntityTag.parseList("\"a\", W/\"b\",\"c,d\" , W/\"\""))
                .containsExactly(new EntityTag("a", false), new EntityTag("b", true), new EntityTag("c,d", false),
                        new EntityTag("", true));
    }

    // RFC 9110 §13.1.2: "*" matches any current representation
    @ParameterizedTest(name = "\"{0}\" is the wildcard")
    @ValueSource(strings = {"*", " * "})
    void parsesTheWildcard(String value) {
        assertThat(EntityTag.parseList(value)).singleElement().isSameAs(EntityTag.ANY);
    }

    @ParameterizedTest(name = "\"{0}\" holds no tags")
    @NullAndEmptySource
    @ValueSource(strings = {"xyzzy", "\"unterminated"})
    void parsesNoTagsFromAListWithout(String value) {
        assertThat(EntityTag.parseList(value)).isEmpty();
    }

    // RFC 9110 §8.8.3.2: the comparison table
    @ParameterizedTest(name = "{0} vs {1}: strong {2}, weak {3}")
    @CsvSource(delimiter = '|', value = {
            "'W/\"1\"' | 'W/\"1\"' | false | true",
            "'W/\"1\"' | 'W/\"2\"' | false | false",
            "'W/\"1\"' | '\"1\"'   | false | true",
            "'\"1\"'   | 'W/\"1\"' | false | true",
            "'\"1\"'   | '\"1\"'   | true  | true",
            "'\"1\"'   | '\"2\"'   | false | false"})
    void comparesEntityTags(String left, String right, boolean strong, boolean weak) {
        EntityTag a = EntityTag.parse(left);
        EntityTag b = EntityTag.parse(right);
        assertThat(a.strongMatch(b)).isEqualTo(strong);
        assertThat(a.weakMatch(b)).isEqualTo(weak);
    }

    @Test
    void matchesNothingAgainstAMissingTag() {
        assertThat(new EntityTag("1", false).strongMatch(null)).isFalse();
        assertThat(new EntityTag("1", false).weakMatch(null)).isFalse();
    }

    // RFC 9110 §8.8.3: written back in its wire form
    @Test
    void printsTheWireForm() {
        assertThat(new EntityTag("xyzzy", false)).hasToString("\"xyzzy\"");
        assertThat(new EntityTag("xyzzy", true)).hasToString("W/\"xyzzy\"");
    }
}
