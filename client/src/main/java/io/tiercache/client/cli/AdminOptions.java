package io.tiercache.client.cli;

import io.tiercache.client.TierCacheClient;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.time.Duration;

/** The options every command shares: which node, which token, how long to wait, how to print. */
final class AdminOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--admin", paramLabel = "URL", defaultValue = "${env:TIERCACHE_ADMIN:-http://127.0.0.1:9090}",
            description = "A node's admin API (default: TIERCACHE_ADMIN, else ${DEFAULT-VALUE}).")
    URI admin;

    // The default stays out of the help text, which would otherwise print the token.
    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:TIERCACHE_PURGE_TOKEN}",
            description = "The purge token (default: the environment variable TIERCACHE_PURGE_TOKEN).")
    String token;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for the answer (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--json", description = "Print the node's JSON answer instead of a summary.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    TierCacheClient client() {
        if (timeoutSeconds <= 0) {
            throw new IllegalArgumentException("--timeout must be a positive number of seconds, got " + timeoutSeconds);
        }
        return TierCacheClient.builder().admin(admin).token(token).timeout(Duration.ofSeconds(timeoutSeconds)).build();
    }

    /** Prints the node's own answer with --json, otherwise the summary. */
    void print(String answer, String summary) {
        command.commandLine().getOut().println(json ? answer.strip() : summary);
    }
}
