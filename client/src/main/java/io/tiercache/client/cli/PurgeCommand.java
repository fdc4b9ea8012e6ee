package io.tiercache.client.cli;

import io.tiercache.client.PurgeRequest;
import io.tiercache.client.PurgeResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "purge", sortOptions = false, usageHelpAutoWidth = true,
        header = "Purges cached responses on every node, by URL, path prefix or tag.",
        description = "A response matching any one of them is purged. Options may be repeated.")
final class PurgeCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "PATH", description = "A path with its query, e.g. /blog/post?page=2.")
    List<String> urls = new ArrayList<>();

    @Option(names = "--prefix", paramLabel = "PATH", description = "A path prefix, e.g. /blog/.")
    List<String> prefixes = new ArrayList<>();

    @Option(names = "--tag", paramLabel = "TAG", description = "A tag from the origin's Surrogate-Key or Cache-Tag.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--host", paramLabel = "HOST[:PORT]", description = "Purge on this host only.")
    String host;

    @Option(names = "--soft", description = "Mark stale instead of removing: served stale while one refresh runs.")
    boolean soft;

    @Mixin
    AdminOptions admin;

    @Override
    public Integer call() {
        PurgeRequest request = new PurgeRequest(urls, prefixes, tags, host, soft);
        PurgeResult result = admin.client().purge(request);
        admin.print(result.json(), Summary.purge(result));
        return result.complete() ? TierCacheCli.DONE : TierCacheCli.PARTLY_DONE;
    }
}
