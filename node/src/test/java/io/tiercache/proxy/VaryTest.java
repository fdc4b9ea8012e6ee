package io.tiercache.proxy;

import io.tiercache.testing.Reply;
import io.tiercache.testing.TestNode;
import io.tiercache.testing.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.tiercache.testing.TestClient.cacheStatus;
import static io.tiercache.testing.TestClient.get;
import static org.assertj.core.api.Assertions.assertThat;

/** Vary on a real node: one stored variant per set of request values (RFC 9111 §4.1), capped per URL. */
class VaryTest {

    static TestOrigin origin;
    static TestNode node;

    @BeforeAll
    static void start() {
        origin = TestOrigin.start();
        node = TestNode.start(origin, """
                cache:
                  max-variants: 2
                """);
    }

    @AfterAll
    static void stop() {
        node.close();
        origin.close();
    }

    /** An origin page in the language asked for, varying on Accept-Language. */
    private static void localised(String path) {
        origin.handle(path, request -> request.response()
                .putHeader("Cache-Control", "max-age=60")
                .putHeader("Vary", "Accept-Language")
                .end(request.getHeader("Accept-Language") + " #" + origin.hits(path)));
    }

    @Test
    void eachLanguageGetsItsOwnStoredVariant() {
        localised("/vary/languages");

        HttpResponse<String> en = get(node.url("/vary/languages"), "Accept-Language", "en");
        HttpResponse<String> fr = get(node.url("/vary/languages"), "Accept-Language", "fr");
        HttpResponse<String> enAgain = get(node.url("/vary/languages"), "Accept-Language", "en");
        HttpResponse<String> frAgain = get(node.url("/vary/languages"), "Accept-Language", "fr");

        assertThat(cacheStatus(en)).isEqualTo("MISS");
        assertThat(cacheStatus(fr)).isEqualTo("MISS");
        assertThat(cacheStatus(enAgain)).isEqualTo("HIT");
        assertThat(enAgain.body()).isEqualTo("en #1");
        assertThat(cacheStatus(frAgain)).isEqualTo("HIT");
        assertThat(frAgain.body()).isEqualTo("fr #2");
        assertThat(origin.hits("/vary/languages")).isEqualTo(2);
    }

    @Test
    void equivalentValuesSelectTheSameVariant() {
        origin.on("/vary/encoding", Reply.ok().cacheControl("max-age=60").header("Vary", "Accept-Encoding"));

        HttpResponse<String> first = get(node.url("/vary/encoding"), "Accept-Encoding", "gzip,  br");
        HttpResponse<String> second = get(node.url("/vary/encoding"), "Accept-Encoding", "gzip, br");
        HttpResponse<String> third = get(node.url("/vary/encoding"), "Accept-Encoding", "GZIP,br");

        assertThat(cacheStatus(first)).isEqualTo("MISS");
        assertThat(cacheStatus(second)).isEqualTo("HIT");
        assertThat(cacheStatus(third)).isEqualTo("HIT");
        assertThat(origin.hits("/vary/encoding")).isEqualTo(1);
    }

    // RFC 9111 §4.1: the origin declined to code it when offered gzip, so it serves every request
    @Test
    void anUncodedResponseServesEveryCoding() {
        origin.on("/vary/uncoded", Reply.ok().cacheControl("max-age=60").header("Vary", "Accept-Encoding"));

        get(node.url("/vary/uncoded"), "Accept-Encoding", "gzip");
        HttpResponse<String> other = get(node.url("/vary/uncoded"), "Accept-Encoding", "br");
        HttpResponse<String> none = get(node.url("/vary/uncoded"));

        assertThat(cacheStatus(other)).isEqualTo("HIT");
        assertThat(cacheStatus(none)).isEqualTo("HIT");
        assertThat(origin.hits("/vary/uncoded")).isEqualTo(1);
    }

    // RFC 9111 §4.1: different values of a field select different variants
    @Test
    void differentValuesDoNotShareAVariant() {
        origin.on("/vary/different", Reply.ok().cacheControl("max-age=60").header("Vary", "X-Device"));

        get(node.url("/vary/different"), "X-Device", "phone");
        HttpResponse<String> other = get(node.url("/vary/different"), "X-Device", "tv");
        HttpResponse<String> none = get(node.url("/vary/different"));

        assertThat(cacheStatus(other)).isEqualTo("MISS");
        assertThat(cacheStatus(none)).isEqualTo("MISS");
        assertThat(origin.hits("/vary/different")).isEqualTo(3);
    }

    @Test
    void varyStarIsNeverServedFromTheCache() {
        origin.on("/vary/star", Reply.ok().cacheControl("max-age=60").header("Vary", "*"));

        get(node.url("/vary/star"));
        HttpResponse<String> second = get(node.url("/vary/star"));

        assertThat(cacheStatus(second)).isEqualTo("MISS");
        assertThat(second.body()).isEqualTo("body #2");
        assertThat(node.storedEntry("/vary/star")).isNull();
    }

    @Test
    void aThirdVariantEvictsTheOldestWhenTwoAreAllowed() {
        localised("/vary/capped");
        get(node.url("/vary/capped"), "Accept-Language", "en");
        get(node.url("/vary/capped"), "Accept-Language", "fr");
        get(node.url("/vary/capped"), "Accept-Language", "de");

        HttpResponse<String> fr = get(node.url("/vary/capped"), "Accept-Language", "fr");
        HttpResponse<String> de = get(node.url("/vary/capped"), "Accept-Language", "de");
        HttpResponse<String> en = get(node.url("/vary/capped"), "Accept-Language", "en");

        assertThat(cacheStatus(fr)).isEqualTo("HIT");
        assertThat(fr.body()).isEqualTo("fr #2");
        assertThat(cacheStatus(de)).isEqualTo("HIT");
        assertThat(de.body()).isEqualTo("de #3");
        assertThat(cacheStatus(en)).isEqualTo("MISS");
        assertThat(en.body()).isEqualTo("en #4");
    }

    // RFC 9111 §4.1: equivalent Accept-Language spellings share one stored variant
    @Test
    void equivalentLanguagePreferencesShareAVariant() {
        localised("/vary/normalised");

        get(node.url("/vary/normalised"), "Accept-Language", "en-GB, fr;q=0.5");
        HttpResponse<String> reordered = get(node.url("/vary/normalised"), "Accept-Language", "FR;q=0.500 ,en-gb");

        assertThat(cacheStatus(reordered)).isEqualTo("HIT");
        assertThat(origin.hits("/vary/normalised")).isEqualTo(1);
    }

    // RFC 9111 §4.1: qvalues choose a stored response whose Content-Language the client prefers most
    @Test
    void aStoredResponseInTheMostPreferredLanguageServesTheRequest() {
        origin.on("/vary/content-language", Reply.ok().cacheControl("max-age=60").header("Vary", "Accept-Language")
                .header("Content-Language", "de").body("Guten Tag"));

        get(node.url("/vary/content-language"), "Accept-Language", "en, de");
        HttpResponse<String> prefersGerman = get(node.url("/vary/content-language"),
                "Accept-Language", "fr;q=0.5, de;q=1.0");
        HttpResponse<String> prefersFrench = get(node.url("/vary/content-language"),
                "Accept-Language", "fr, de;q=0.5");

        assertThat(cacheStatus(prefersGerman)).isEqualTo("HIT");
        assertThat(prefersGerman.body()).isEqualTo("Guten Tag");
        assertThat(cacheStatus(prefersFrench)).isEqualTo("MISS");
        assertThat(origin.hits("/vary/content-language")).isEqualTo(2);
    }
}
