package io.tiercache.client.cli;

import io.tiercache.client.FetchResult;
import io.tiercache.client.RevalidateRequest;
import io.tiercache.client.RevalidateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "revalidate", sortOptions = false, usageHelpAutoWidth = true,
        header = "Marks cached pages stale on every node and refreshes them at once.",
        description = {
                "The next visitor gets the new page from cache (like Next.js on-demand revalidation).",
                "Only pages in the cache are refreshed. Options may be repeated."})
final class RevalidateCommand implements Callable<Integer> {

    @Option(names = "--path", paramLabel = "PATH", description = "A path with its query, e.g. /blog/my-post.")
    List<String> paths = new ArrayList<>();

    @Option(names = "--tag", paramLabel = "TAG", description = "A tag from the origin's Surrogate-Key or Cache-Tag.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--wait", description = "Answer after the refreshes, with what each one did.")
    boolean waitForRefresh;

    @Mixin
    AdminOptions admin;

    @Override
    public Integer call() {
        RevalidateResult result = admin.client().revalidate(new RevalidateRequest(paths, tags, waitForRefresh));
        admin.print(result.json(), Summary.revalidate(result));
        boolean fetched = result.results().stream().noneMatch(FetchResult::failed);
        return result.complete() && fetched ? TierCacheCli.DONE : TierCacheCli.PARTLY_DONE;
    }
}
