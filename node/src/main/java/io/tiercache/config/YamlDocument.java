package io.tiercache.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads config YAML into a tree, reporting syntax errors as one line with their position. */
final class YamlDocument {
    /** Duplicate keys are refused, because silently keeping the last one hides mistakes. */
    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private YamlDocument() {
    }

    /**
     * Parses the text; an empty document is an empty map, so that an empty file means all defaults.
     *
     * @param name the file as the user named it, or {@code null} for YAML not read from a file
     */
    static ObjectNode parse(String yaml, String name) {
        String subject = name == null ? "config" : "config file " + name;
        JsonNode tree;
        try {
            tree = MAPPER.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(null, subject + " is not valid YAML: " + describe(e), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!tree.isObject()) {
            throw new ConfigException(null, subject + " must be a map of sections "
                    + "(node, origin, cache, cluster, admin, routes) but is " + (tree.isArray() ? "a list" : "a value"));
        }
        return (ObjectNode) tree;
    }

    /** SnakeYAML's own mark and problem are more precise than Jackson's, which point after the fact. */
    private static String describe(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            Mark mark = yaml.getProblemMark();
            return position(mark.getLine() + 1, mark.getColumn() + 1) + oneLine(yaml.getProblem());
        }
        String problem = e.getOriginalMessage().replace("Duplicate field", "duplicate key");
        return e.getLocation() == null ? oneLine(problem)
                : position(e.getLocation().getLineNr(), e.getLocation().getColumnNr()) + oneLine(problem);
    }

    private static String position(int line, int column) {
        return "line " + line + ", column " + column + ": ";
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
