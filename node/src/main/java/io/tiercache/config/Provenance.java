package io.tiercache.config;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each config value came from (the file, a flag or an environment variable), so that a message
 * points the user at the place to fix.
 */
final class Provenance {
    private final String file;
    private final Map<String, String> overrides = new HashMap<>();

    /** @param file the config file as the user named it, or {@code null} when there is none */
    Provenance(String file) {
        this.file = file;
    }

    /** Records that a flag or environment variable set the key; a later call for the same key wins. */
    void overridden(String key, String source) {
        overrides.put(key, source);
    }

    /** The start of a message about a key: {@code config key 'a.b' in x.yaml}, or {@code --flag (a.b)}. */
    String subject(String key) {
        String source = overrideOf(key);
        if (source != null) {
            return source + " (" + key + ")";
        }
        if (key.isEmpty()) {
            return file == null ? "config" : "config file " + file;
        }
        return "config key '" + key + "'" + inFile();
    }

    /** The message for a key that the schema does not know. */
    String unknownKey(String key, String parent, Collection<String> allowed) {
        String source = overrideOf(key);
        String head = source != null
                ? source + " (" + key + "): unknown config key"
                : "unknown config key '" + key + "'" + inFile();
        String where = parent.isEmpty() ? "allowed at the top level: " : "allowed under '" + parent + "': ";
        return head + "; " + where + String.join(", ", allowed);
    }

    private String inFile() {
        return file == null ? "" : " in " + file;
    }

    /** The flag or variable that set this key or one of its parents, or null if it came from the file. */
    private String overrideOf(String key) {
        String source = overrides.get(key);
        if (source != null) {
            return source;
        }
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            String overridden = override.getKey();
            if (key.startsWith(overridden + ".") || key.startsWith(overridden + "[")) {
                return override.getValue();
            }
        }
        return null;
    }
}
