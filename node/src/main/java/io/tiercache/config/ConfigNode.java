package io.tiercache.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One value of the parsed YAML tree together with its key path. It converts the value to what the
 * schema expects, and every failure becomes a one-line {@link ConfigException} naming the key.
 * Absent and {@code null} values both mean "use the default".
 */
final class ConfigNode {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d+");

    private final JsonNode value;
    private final String key;
    private final Provenance provenance;

    private ConfigNode(JsonNode value, String key, Provenance provenance) {
        this.value = value;
        this.key = key;
        this.provenance = provenance;
    }

    static ConfigNode root(JsonNode tree, Provenance provenance) {
        return new ConfigNode(tree, "", provenance);
    }

    boolean isPresent() {
        return !value.isMissingNode() && !value.isNull();
    }

    boolean isMap() {
        return value.isObject();
    }

    /** Checks that this is a map (or absent) whose keys are all among {@code allowed}. */
    ConfigNode requireMap(List<String> allowed) {
        if (!isPresent()) {
            return this;
        }
        if (!value.isObject()) {
            throw fail("expected a map with keys " + String.join(", ", allowed) + " but found " + describe(value));
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ConfigException(childKey(name), provenance.unknownKey(childKey(name), key, allowed));
            }
        }
        return this;
    }

    ConfigNode get(String name) {
        return new ConfigNode(value.path(name), childKey(name), provenance);
    }

    /** The keys of a map whose keys are data rather than schema, such as statuses. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        value.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** The items of a list; a string counts as a comma-separated list, so that flags can set lists. */
    List<ConfigNode> items() {
        List<ConfigNode> items = new ArrayList<>();
        if (!isPresent()) {
            return items;
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                ConfigNode item = new ConfigNode(value.get(i), key + "[" + i + "]", provenance);
                if (!item.isPresent()) {
                    throw item.fail("the list item is empty; give a value or remove it");
                }
                items.add(item);
            }
        } else if (value.isTextual()) {
            String[] texts = value.asText().split(",", -1);
            for (int i = 0; i < texts.length; i++) {
                items.add(new ConfigNode(TextNode.valueOf(texts[i].trim()), key + "[" + i + "]", provenance));
            }
        } else {
            throw fail("expected a list but found " + describe(value));
        }
        return items;
    }

    /** The value as text, or the fallback when absent; maps and lists are refused. */
    String text(String fallback) {
        if (!isPresent()) {
            return fallback;
        }
        if (value.isContainerNode()) {
            throw fail("expected a single value but found " + describe(value));
        }
        return value.asText();
    }

    /** The value converted by a parser whose {@link IllegalArgumentException} message explains the problem. */
    <T> T parsed(Function<String, T> parser, T fallback) {
        String text = text(null);
        if (text == null) {
            return fallback;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
    }

    int integer(int fallback, int min, int max) {
        String text = text(null);
        if (text == null) {
            return fallback;
        }
        if (!WHOLE_NUMBER.matcher(text).matches()) {
            throw fail("'" + text + "' is not a whole number");
        }
        long number = text.length() > 12 ? Long.MAX_VALUE : Long.parseLong(text);
        if (number < min || number > max) {
            String allowed = max == Integer.MAX_VALUE ? "at least " + min : min + ".." + max;
            throw fail("'" + text + "' is out of range; use " + allowed);
        }
        return (int) number;
    }

    boolean bool(boolean fallback) {
        String text = text(null);
        if (text == null) {
            return fallback;
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw fail("'" + text + "' is not true or false");
    }

    Duration duration(Duration fallback) {
        return parsed(DurationValue::parse, fallback);
    }

    /** A duration that must be longer than zero, because zero would disable what it times. */
    Duration positiveDuration(Duration fallback) {
        Duration duration = duration(fallback);
        if (duration.isZero()) {
            throw fail("'" + text(null) + "' is too short; use more than 0, e.g. 5s");
        }
        return duration;
    }

    /** Whether the value is {@code off} (YAML 1.1 reads a bare off as false). */
    boolean isOff() {
        return isPresent() && (value.isBoolean() ? !value.booleanValue() : value.asText().equalsIgnoreCase("off"));
    }

    long size(long fallback, long min) {
        long size = parsed(SizeValue::parse, fallback);
        if (size < min) {
            throw fail("'" + text(null) + "' is too small; use at least " + SizeValue.format(min));
        }
        return size;
    }

    /** One of an enum's config names, compared ignoring case and treating '-' and '_' alike. */
    <E extends Enum<E>> E oneOf(E[] values, Function<E, String> configName, E fallback) {
        String text = text(null);
        if (text == null) {
            return fallback;
        }
        // YAML 1.1 reads a bare off/on (and no/yes) as a boolean; an enum means the word.
        if (value != null && value.isBoolean()) {
            text = value.booleanValue() ? "on" : "off";
        }
        for (E candidate : values) {
            if (comparable(configName.apply(candidate)).equals(comparable(text))) {
                return candidate;
            }
        }
        String allowed = Arrays.stream(values).map(configName).collect(Collectors.joining(", "));
        throw fail("'" + text + "' is not one of " + allowed);
    }

    /** A problem with this value, as an exception to throw. */
    ConfigException fail(String problem) {
        return new ConfigException(key, provenance.subject(key) + ": " + problem);
    }

    private String childKey(String name) {
        if (key.isEmpty()) {
            return name;
        }
        return PLAIN_KEY.matcher(name).matches() ? key + "." + name : key + "[\"" + name + "\"]";
    }

    private static String comparable(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a map";
        }
        return node.isArray() ? "a list" : "'" + node.asText() + "'";
    }
}
