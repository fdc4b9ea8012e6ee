package io.tiercache.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Loads the configuration. Precedence, highest first: command-line flags, environment variables,
 * the config file, built-in defaults.
 *
 * <p>The YAML becomes a tree, overrides are written into the tree, and {@link ConfigBinder} turns it
 * into records. Binding by hand rather than by data binding is what lets every message name the exact
 * key path and where its value came from.
 */
public final class ConfigLoader {
    /** The environment variable that sets {@code admin.purge-token}, so that the secret stays out of files. */
    public static final String PURGE_TOKEN_ENV = "TIERCACHE_PURGE_TOKEN";
    /** The environment variable that sets {@code cluster.secret}, likewise. */
    public static final String CLUSTER_SECRET_ENV = "TIERCACHE_CLUSTER_SECRET";
    /** The environment variable that sets {@code admin.read-token}. */
    public static final String READ_TOKEN_ENV = "TIERCACHE_READ_TOKEN";
    private static final Map<String, String> SECRETS_FROM_ENV = Map.of(PURGE_TOKEN_ENV, "admin.purge-token",
            CLUSTER_SECRET_ENV, "cluster.secret", READ_TOKEN_ENV, "admin.read-token");

    private ConfigLoader() {
    }

    /**
     * Loads the file (if any), applies the environment and then the flag overrides, and binds the result.
     *
     * @param fileOrNull the config file, or {@code null} for defaults plus overrides
     * @param overrides  flag values in the order given; a later one for the same key wins
     * @param env        the process environment; an empty {@value #PURGE_TOKEN_ENV} or
     *                   {@value #CLUSTER_SECRET_ENV} or {@value #READ_TOKEN_ENV} counts as unset
     * @throws ConfigException with a one-line message naming the key and where it came from
     */
    public static TierCacheConfig load(Path fileOrNull, List<ConfigOverride> overrides, Map<String, String> env) {
        String name = fileOrNull == null ? null : fileOrNull.toString();
        ObjectNode tree = fileOrNull == null ? YamlDocument.parse("", null) : YamlDocument.parse(read(fileOrNull), name);
        Provenance provenance = new Provenance(name);
        SECRETS_FROM_ENV.forEach((variable, key) -> {
            String value = env.get(variable);
            if (value != null && !value.isEmpty()) {
                apply(tree, new ConfigOverride(key, value, variable), provenance);
            }
        });
        for (ConfigOverride override : overrides) {
            apply(tree, override, provenance);
        }
        return ConfigBinder.bind(ConfigNode.root(tree, provenance));
    }

    /** Binds YAML text alone, without file, overrides or environment. */
    public static TierCacheConfig fromYaml(String yaml) {
        return ConfigBinder.bind(ConfigNode.root(YamlDocument.parse(yaml, null), new Provenance(null)));
    }

    private static String read(Path file) {
        if (!Files.exists(file)) {
            throw new ConfigException(null, "config file " + file + " not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(null, "config file " + file + " is not a regular file");
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(null, "config file " + file + " cannot be read: " + e, e);
        }
    }

    /** Writes the value at the dotted path, creating maps on the way; a value in the way is replaced. */
    private static void apply(ObjectNode tree, ConfigOverride override, Provenance provenance) {
        String[] names = override.key().split("\\.", -1);
        for (String name : names) {
            if (name.isEmpty()) {
                throw new ConfigException(override.key(),
                        override.source() + ": '" + override.key() + "' is not a config key");
            }
        }
        ObjectNode parent = tree;
        for (int i = 0; i < names.length - 1; i++) {
            JsonNode child = parent.get(names[i]);
            parent = child instanceof ObjectNode object ? object : parent.putObject(names[i]);
        }
        parent.put(names[names.length - 1], override.value());
        provenance.overridden(override.key(), override.source());
    }
}
