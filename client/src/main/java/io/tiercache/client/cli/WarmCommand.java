package io.tiercache.client.cli;

import io.tiercache.client.FetchResult;
import io.tiercache.client.WarmRequest;
import io.tiercache.client.WarmResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "warm", sortOptions = false, usageHelpAutoWidth = true,
        header = "Fetches and stores URLs before visitors ask for them.",
        description = {
                "After a deploy or before a launch: the node fetches each URL through its own",
                "proxy, so the first visitor gets a HIT. Options may be repeated."})
final class WarmCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL", required = true,
            description = "An absolute URL, or a path when --host is given.")
    List<String> urls = new ArrayList<>();

    @Option(names = "--host", paramLabel = "HOST[:PORT]", description = "The host for the paths given with --url.")
    String host;

    @Option(names = "--force", description = "Refetch even when a fresh copy is stored.")
    boolean force;

    @Mixin
    AdminOptions admin;

    @Override
    public Integer call() {
        WarmResult result = admin.client().warm(new WarmRequest(urls, host, force));
        admin.print(result.json(), Summary.warm(result));
        return result.results().stream().anyMatch(FetchResult::failed) ? TierCacheCli.PARTLY_DONE : TierCacheCli.DONE;
    }
}
