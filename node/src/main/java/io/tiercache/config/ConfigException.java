package io.tiercache.config;

/**
 * A configuration mistake. The message is one line that names the key, where its value came from
 * (file, flag or environment variable), the bad value and what is allowed, so that callers can
 * print it as it is and exit.
 */
public final class ConfigException extends RuntimeException {
    private final String key;

    ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    ConfigException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /**
     * The dotted key path of the bad value, such as {@code routes[2].ttl}, or {@code null} when the
     * problem is the file itself (missing, unreadable, not YAML).
     */
    public String key() {
        return key;
    }
}
