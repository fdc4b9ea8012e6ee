package io.tiercache.config;

/**
 * A config value given outside the file, by a command-line flag or the environment; it wins over the file.
 *
 * @param key    dotted key path, such as {@code origin.url}
 * @param value  the value as text; lists may be comma-separated
 * @param source what to name in messages, such as {@code --origin} or {@code TIERCACHE_PURGE_TOKEN}
 */
public record ConfigOverride(String key, String value, String source) {
}
