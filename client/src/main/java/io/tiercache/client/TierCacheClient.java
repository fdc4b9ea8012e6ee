package io.tiercache.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A client for one tiercache node's admin API, for backends that purge from code: after saving
 * a post, purge its tag; after a deploy, warm the front page. Any node will do, since a purge
 * sent to one node reaches the whole cluster before the answer comes back.
 *
 * <p>Immutable and thread-safe: build one and share it. Failures are {@link TierCacheException}s;
 * requests that could never succeed fail earlier, with {@link IllegalArgumentException}, when the
 * request record is built.
 *
 * <pre>{@code
 * TierCacheClient cache = TierCacheClient.builder()
 *         .admin(URI.create("http://10.0.0.5:9090"))
 *         .token(System.getenv("TIERCACHE_PURGE_TOKEN"))
 *         .build();
 * cache.purgeTags("post-42", "blog-index");
 * }</pre>
 */
public final class TierCacheClient {

    /** The environment variable the node reads its purge token from; the client reads the same one. */
    public static final String TOKEN_VARIABLE = "TIERCACHE_PURGE_TOKEN";
    public static final URI DEFAULT_ADMIN = URI.create("http://127.0.0.1:9090");
    /** Long enough for a warm-up or a waiting revalidation of a few slow pages. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final URI admin;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    private TierCacheClient(Builder builder) {
        this.admin = builder.admin;
        this.token = builder.token;
        this.timeout = builder.timeout;
        // HTTP/1.1 because the admin listener speaks nothing else, so an h2c upgrade offer is only noise.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client for {@code admin} with the token from {@value #TOKEN_VARIABLE}, if set. */
    public static TierCacheClient fromEnvironment(URI admin) {
        return fromEnvironment(admin, System.getenv());
    }

    static TierCacheClient fromEnvironment(URI admin, Map<String, String> environment) {
        return builder().admin(admin).token(environment.get(TOKEN_VARIABLE)).build();
    }

    public PurgeResult purge(PurgeRequest request) {
        return post("/purge", AdminJson.purge(request), AdminJson::purgeResult);
    }

    /** Removes the responses stored for these paths (with query), every variant, on every host. */
    public PurgeResult purgeUrls(String... urls) {
        return purge(PurgeRequest.ofUrls(urls));
    }

    /** Removes every response whose path starts with one of these prefixes. */
    public PurgeResult purgePrefixes(String... prefixes) {
        return purge(PurgeRequest.ofPrefixes(prefixes));
    }

    /** Removes every response the origin tagged with one of these surrogate keys. */
    public PurgeResult purgeTags(String... tags) {
        return purge(PurgeRequest.ofTags(tags));
    }

    /** Marks these paths stale: served stale while one refresh runs, rather than a stampede of misses. */
    public PurgeResult softPurgeUrls(String... urls) {
        return purge(PurgeRequest.ofUrls(urls).asSoft());
    }

    public PurgeResult softPurgePrefixes(String... prefixes) {
        return purge(PurgeRequest.ofPrefixes(prefixes).asSoft());
    }

    public PurgeResult softPurgeTags(String... tags) {
        return purge(PurgeRequest.ofTags(tags).asSoft());
    }

    public RevalidateResult revalidate(RevalidateRequest request) {
        return post("/revalidate", AdminJson.revalidate(request), AdminJson::revalidateResult);
    }

    /** Soft-purges these paths and refreshes them at once; answers without waiting for the refresh. */
    public RevalidateResult revalidatePaths(String... paths) {
        return revalidate(RevalidateRequest.ofPaths(paths));
    }

    public RevalidateResult revalidateTags(String... tags) {
        return revalidate(RevalidateRequest.ofTags(tags));
    }

    public WarmResult warm(WarmRequest request) {
        return post("/warm", AdminJson.warm(request), AdminJson::warmResult);
    }

    /** Fetches and stores these absolute URLs, unless a fresh copy is already stored. */
    public WarmResult warmUrls(String... urls) {
        return warm(WarmRequest.ofUrls(urls));
    }

    public Stats stats() {
        return send(request("/stats").GET().build(), AdminJson::stats);
    }

    public URI admin() {
        return admin;
    }

    private <T> T post(String path, String json, BiFunction<Integer, String, T> read) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), read);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(admin + path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", "tiercache-client");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private <T> T send(HttpRequest request, BiFunction<Integer, String, T> read) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException timedOut) {
            throw new TransportException("cannot reach " + admin + ": no connection within " + seconds(), timedOut);
        } catch (HttpTimeoutException timedOut) {
            throw new TransportException(admin + " did not answer within " + seconds(), timedOut);
        } catch (ConnectException refused) {
            throw new TransportException("cannot reach " + admin + ": connection refused", refused);
        } catch (IOException failed) {
            throw new TransportException("cannot talk to " + admin + ": " + describe(failed), failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while waiting for " + admin, interrupted);
        }
        int status = response.statusCode();
        if (status != 200) {
            throw TierCacheException.of(status, AdminJson.errorReason(response.body()));
        }
        return read.apply(status, response.body());
    }

    private String seconds() {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    private static String describe(IOException failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    /** Where the client sends requests, with which token, and how long it waits. */
    public static final class Builder {

        private URI admin = DEFAULT_ADMIN;
        private String token;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder() {
        }

        /** The admin listener's base URI, e.g. http://127.0.0.1:9090 (a path prefix is kept). */
        public Builder admin(URI admin) {
            Objects.requireNonNull(admin, "admin");
            if ((!"http".equals(admin.getScheme()) && !"https".equals(admin.getScheme())) || admin.getHost() == null) {
                throw new IllegalArgumentException("the admin URI must be http(s)://host[:port], got '" + admin + "'");
            }
            if (admin.getRawQuery() != null || admin.getRawFragment() != null) {
                throw new IllegalArgumentException("the admin URI takes no query or fragment, got '" + admin + "'");
            }
            String text = admin.toString();
            this.admin = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            return this;
        }

        /** The purge token, sent as {@code Authorization: Bearer}; null or blank for none. */
        public Builder token(String token) {
            this.token = token == null || token.isBlank() ? null : token.strip();
            return this;
        }

        /** How long to wait for a connection, and then for the whole answer. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public TierCacheClient build() {
            return new TierCacheClient(this);
        }
    }
}
