package io.tiercache;

import com.hazelcast.core.Hazelcast;
import io.tiercache.cluster.HaltOnOutOfMemory;
import io.tiercache.config.ConfigException;
import io.tiercache.config.ConfigLoader;
import io.tiercache.config.ConfigOverride;
import io.tiercache.config.HeapRequirement;
import io.tiercache.config.TierCacheConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Starts one tiercache node: flags and config file in, a running node out. */
@Command(name = "tiercache-node", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A distributed HTTP cache tier: caches an origin's responses in a Hazelcast cluster shared by every node.",
        sortOptions = false)
public final class Main implements Callable<Integer> {

    /** Exit status for bad flags or config, so scripts can tell it from a crash. */
    static final int BAD_CONFIG = 2;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file; flags win over it.")
    Path config;

    @Option(names = "--origin", paramLabel = "URL", description = "Origin to cache (default http://127.0.0.1:8000).")
    String origin;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Proxy listener (default 0.0.0.0:8080).")
    String listen;

    @Option(names = "--admin-listen", paramLabel = "HOST:PORT", description = "Admin listener (default 127.0.0.1:9090).")
    String adminListen;

    @Option(names = "--cluster-port", paramLabel = "PORT", description = "Hazelcast member port (default 5701).")
    String clusterPort;

    @Option(names = "--members", paramLabel = "HOST:PORT,...", description = "TCP-IP join list (default: this node alone).")
    String members;

    @Option(names = "--cluster-name", paramLabel = "NAME", description = "Cluster name; isolates fleets (default tiercache).")
    String clusterName;

    @Option(names = "--node-name", paramLabel = "NAME", description = "This node's name in logs, headers and stats.")
    String nodeName;

    @Option(names = "--purge-token", paramLabel = "TOKEN", description = "Token for PURGE and the admin API (or env TIERCACHE_PURGE_TOKEN).")
    String purgeToken;

    public static void main(String[] args) {
        int status = commandLine().execute(args);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The command line as {@link #main} runs it: a bad flag is one line on stderr and status 2, like bad config. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setParameterExceptionHandler((problem, arguments) -> {
            System.err.println("tiercache: " + problem.getMessage() + " (see --help)");
            return BAD_CONFIG;
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        TierCacheConfig loaded;
        try {
            loaded = ConfigLoader.load(config, overrides(), System.getenv());
        } catch (ConfigException bad) {
            System.err.println("tiercache: " + bad.getMessage());
            return BAD_CONFIG;
        }
        Optional<String> heapTooSmall = HeapRequirement.problem(loaded.cache(), Runtime.getRuntime().maxMemory());
        if (heapTooSmall.isPresent()) {
            System.err.println("tiercache: " + heapTooSmall.get());
            return BAD_CONFIG;
        }
        Hazelcast.setOutOfMemoryHandler(new HaltOnOutOfMemory());
        TierCacheNode node;
        try {
            node = TierCacheNode.start(loaded);
        } catch (RuntimeException failure) {
            System.err.println("tiercache: could not start: " + failure.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "tiercache-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private List<ConfigOverride> overrides() {
        List<ConfigOverride> overrides = new ArrayList<>();
        add(overrides, "origin.url", origin, "--origin");
        add(overrides, "node.listen", listen, "--listen");
        add(overrides, "admin.listen", adminListen, "--admin-listen");
        add(overrides, "cluster.port", clusterPort, "--cluster-port");
        add(overrides, "cluster.members", members, "--members");
        add(overrides, "cluster.name", clusterName, "--cluster-name");
        add(overrides, "node.name", nodeName, "--node-name");
        add(overrides, "admin.purge-token", purgeToken, "--purge-token");
        return overrides;
    }

    private static void add(List<ConfigOverride> overrides, String key, String value, String flag) {
        if (value != null) {
            overrides.add(new ConfigOverride(key, value, flag));
        }
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"tiercache " + (version == null ? "dev" : version)};
        }
    }
}
