package io.tiercache.client.cli;

import io.tiercache.client.Stats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "stats", usageHelpAutoWidth = true,
        header = "Shows one node's request counts and cache sizes.")
final class StatsCommand implements Callable<Integer> {

    @Mixin
    AdminOptions admin;

    @Override
    public Integer call() {
        Stats stats = admin.client().stats();
        admin.print(stats.json(), Summary.stats(stats));
        return TierCacheCli.DONE;
    }
}
