package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.config.CacheKeyTemplate.Literal;
import io.tiercache.config.CacheKeyTemplate.RequestCookie;
import io.tiercache.config.CacheKeyTemplate.RequestHeader;
import io.tiercache.config.CacheKeyTemplate.Variable;
import io.tiercache.config.CacheKeyTemplate.Variable.Name;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheKeyTemplateTest {
    private static final String ALLOWED = "allowed: {scheme}, {host}, {path}, {query}, {header.NAME}, {cookie.NAME}";

    @Test
    void parsesTheDefaultIntoUrlVariables() {
        CacheKeyTemplate template = CacheKeyTemplate.parse(CacheKeyTemplate.DEFAULT);

        assertThat(template.parts()).containsExactly(new Variable(Name.SCHEME), new Literal("://"),
                new Variable(Name.HOST), new Variable(Name.PATH), new Variable(Name.QUERY));
        assertThat(template.isDefault()).isTrue();
        assertThat(template).isEqualTo(CacheKeyTemplate.defaultTemplate()).hasToString(CacheKeyTemplate.DEFAULT);
    }

    @Test
    void parsesHeadersAndCookiesKeepingTheirNamesAsWritten() {
        CacheKeyTemplate template = CacheKeyTemplate.parse("{host}{path}|lang={header.Accept-Language}|{cookie.lang}");

        assertThat(template.parts()).containsExactly(new Variable(Name.HOST), new Variable(Name.PATH),
                new Literal("|lang="), new RequestHeader("Accept-Language"), new Literal("|"),
                new RequestCookie("lang"));
        assertThat(template.isDefault()).isFalse();
        assertThat(template.source()).isEqualTo("{host}{path}|lang={header.Accept-Language}|{cookie.lang}");
    }

    @Test
    void keepsLiteralTextAroundVariables() {
        assertThat(CacheKeyTemplate.parse("v1:{path}:end").parts())
                .containsExactly(new Literal("v1:"), new Variable(Name.PATH), new Literal(":end"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
            "''                      | the key template is empty; " + ALLOWED,
            "{path}{foo}             | '{path}{foo}' has unknown variable '{foo}'; " + ALLOWED,
            "{Path}                  | '{Path}' has unknown variable '{Path}'; " + ALLOWED,
            "{}{path}                | '{}{path}' has unknown variable '{}'; " + ALLOWED,
            "{path}{host             | '{path}{host' has an unclosed '{' at position 6; " + ALLOWED,
            "{path{host}             | '{path{host}' has an unclosed '{' at position 0; " + ALLOWED,
            "{path}}                 | '{path}}' has a '}' without '{' at position 6",
            "{path}{header.}         | '{path}{header.}' has '{header.}', whose '' is not a valid header name; " + ALLOWED,
            "{path}{header.Bad Name} | '{path}{header.Bad Name}' has '{header.Bad Name}', whose 'Bad Name' is not a valid header name; " + ALLOWED,
            "{path}{cookie.a=b}      | '{path}{cookie.a=b}' has '{cookie.a=b}', whose 'a=b' is not a valid cookie name; " + ALLOWED,
            "{scheme}://{host}       | '{scheme}://{host}' has no {path}, so every URL of a host would share one cache entry",
    })
    void rejectsBadTemplatesNamingTheProblem(String source, String message) {
        assertThatThrownBy(() -> CacheKeyTemplate.parse(source))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void equalTemplatesBuildEqualKeys() {
        assertThat(CacheKeyTemplate.parse("{path}x")).isEqualTo(CacheKeyTemplate.parse("{path}x"))
                .hasSameHashCodeAs(CacheKeyTemplate.parse("{path}x"))
                .isNotEqualTo(CacheKeyTemplate.parse("{path}y"));
    }
}
