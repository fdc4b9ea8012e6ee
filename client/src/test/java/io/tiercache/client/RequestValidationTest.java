package io.tiercache.client;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Mistakes caught before anything is sent. */
class RequestValidationTest {

    @Test
    void purgeNeedsSomethingToPurge() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PurgeRequest(List.of(), List.of(), List.of(), null, false))
                .withMessage("give at least one of urls, prefixes or tags");
    }

    @Test
    void purgeUrlsAndPrefixesArePaths() {
        assertThatIllegalArgumentException().isThrownBy(() -> PurgeRequest.ofUrls("https://www.example.com/blog"))
                .withMessage("urls must be paths starting with '/', got 'https://www.example.com/blog'");
        assertThatIllegalArgumentException().isThrownBy(() -> PurgeRequest.ofPrefixes("blog/"))
                .withMessage("prefixes must be paths starting with '/', got 'blog/'");
    }

    @Test
    void purgeHostIsNotAUrl() {
        assertThatIllegalArgumentException().isThrownBy(() -> PurgeRequest.ofTags("t").onHost("https://www.example.com"))
                .withMessageContaining("host[:port]");
    }

    @Test
    void purgeWithersKeepTheRest() {
        PurgeRequest request = PurgeRequest.ofTags("blog").onHost("www.example.com").asSoft();

        assertThat(request).isEqualTo(new PurgeRequest(List.of(), List.of(), List.of("blog"), "www.example.com", true));
    }

    @Test
    void revalidateNeedsPathsOrTags() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RevalidateRequest(List.of(), List.of(), true))
                .withMessage("give at least one of paths or tags");
        assertThatIllegalArgumentException().isThrownBy(() -> RevalidateRequest.ofPaths("blog/my-post"))
                .withMessage("paths must be paths starting with '/', got 'blog/my-post'");
    }

    @Test
    void warmNeedsUrlsAndAHostForPaths() {
        assertThatIllegalArgumentException().isThrownBy(() -> new WarmRequest(List.of(), null, false))
                .withMessage("give at least one URL to warm");
        assertThatIllegalArgumentException().isThrownBy(() -> WarmRequest.ofUrls("/blog/"))
                .withMessage("'/blog/' is a path: give a host or an absolute URL");
        assertThatIllegalArgumentException().isThrownBy(() -> WarmRequest.ofUrls("ftp://example.com/file"))
                .withMessage("'ftp://example.com/file' is neither a path nor an http(s) URL");
        assertThat(WarmRequest.ofPaths("www.example.com", "/", "/blog/").forced().force()).isTrue();
    }

    @Test
    void adminUriIsAnHttpBase() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TierCacheClient.builder().admin(URI.create("ftp://127.0.0.1:9090")))
                .withMessageContaining("http(s)://host[:port]");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TierCacheClient.builder().admin(URI.create("http://127.0.0.1:9090/?x=1")))
                .withMessageContaining("no query");
        assertThat(TierCacheClient.builder().admin(URI.create("http://127.0.0.1:9090/")).build().admin())
                .isEqualTo(URI.create("http://127.0.0.1:9090"));
    }

    @Test
    void timeoutIsPositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> TierCacheClient.builder().timeout(Duration.ZERO));
    }
}
