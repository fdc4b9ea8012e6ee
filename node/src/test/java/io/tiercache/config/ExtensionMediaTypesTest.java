package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A static file's response is what its extension says, or it is not stored as one. */
class ExtensionMediaTypesTest {

    @ParameterizedTest(name = "{0} as [{1}]: {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "/app.css                | text/css                  | true",
            "/app.CSS                | Text/CSS; charset=UTF-8   | true",
            "/app.js                 | application/javascript    | true",
            "/app.js                 | text/javascript;charset=x | true",
            "/logo.svg               | image/svg+xml             | true",
            "/font.woff2             | font/woff2                | true",
            "/account.php/x.css      | text/html; charset=utf-8  | false",
            "/account.php;x.css      | text/html                 | false",
            "/app.css                | null                      | false",
            "/app.css                | ''                        | false",
            "/app.js                 | text/plain                | false",
            "/page.html              | text/html                 | false",
            "/no-extension           | text/css                  | false",
    })
    void matchesTheMediaTypeOfTheExtension(String path, String contentType, boolean matches) {
        assertThat(ExtensionMediaTypes.matches(path, contentType)).isEqualTo(matches);
    }
}
