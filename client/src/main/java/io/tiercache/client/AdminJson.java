package io.tiercache.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API's wire format, both ways. Requests leave out empty fields; answers are read
 * leniently about fields added later, and strictly about the ones that make an answer an answer,
 * so that a wrong admin URL answering some other JSON is not taken for "purged 0".
 */
final class AdminJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AdminJson() {
    }

    static String purge(PurgeRequest request) {
        ObjectNode body = MAPPER.createObjectNode();
        strings(body, "urls", request.urls());
        strings(body, "prefixes", request.prefixes());
        strings(body, "tags", request.tags());
        if (request.host() != null) {
            body.put("host", request.host());
        }
        body.put("soft", request.soft());
        return body.toString();
    }

    static String revalidate(RevalidateRequest request) {
        ObjectNode body = MAPPER.createObjectNode();
        strings(body, "paths", request.paths());
        strings(body, "tags", request.tags());
        body.put("wait", request.waitForRefresh());
        return body.toString();
    }

    static String warm(WarmRequest request) {
        ObjectNode body = MAPPER.createObjectNode();
        strings(body, "urls", request.urls());
        if (request.host() != null) {
            body.put("host", request.host());
        }
        body.put("force", request.force());
        return body.toString();
    }

    static PurgeResult purgeResult(int status, String json) {
        JsonNode answer = answer(status, json, "id", "purged");
        return new PurgeResult(answer.path("id").asText(), answer.path("purged").asInt(),
                answer.path("applied").asBoolean(true), texts(answer.path("acknowledged")), texts(answer.path("missing")), answer.path("millis").asLong(),
                answer.path("soft").asBoolean(), json);
    }

    static RevalidateResult revalidateResult(int status, String json) {
        JsonNode answer = answer(status, json, "id", "refreshing");
        return new RevalidateResult(answer.path("id").asText(), answer.path("purged").asInt(),
                texts(answer.path("acknowledged")), texts(answer.path("missing")), answer.path("millis").asLong(),
                texts(answer.path("refreshing")), fetches(answer.path("results")), json);
    }

    static WarmResult warmResult(int status, String json) {
        return new WarmResult(fetches(answer(status, json, "results").path("results")), json);
    }

    static Stats stats(int status, String json) {
        JsonNode answer = answer(status, json, "node", "requests");
        Map<String, Long> requests = new LinkedHashMap<>();
        answer.path("requests").fields().forEachRemaining(count -> requests.put(count.getKey(), count.getValue().asLong()));
        JsonNode hot = answer.path("hotTier");
        JsonNode shared = answer.path("sharedMap");
        return new Stats(answer.path("node").asText(), texts(answer.path("members")), requests,
                answer.path("hitRatio").asDouble(),
                new Stats.HotTier(hot.path("entries").asLong(), hot.path("bytes").asLong(), hot.path("evictions").asLong()),
                new Stats.SharedMap(shared.path("entries").asLong(), shared.path("ownedEntries").asLong(),
                        shared.path("ownedBytes").asLong(), shared.path("backupEntries").asLong()),
                json);
    }

    /** The node's "error" text, or the start of whatever else came back (a proxy's HTML page, say). */
    static String errorReason(String body) {
        try {
            JsonNode error = MAPPER.readTree(body).path("error");
            if (error.isTextual()) {
                return error.asText();
            }
        } catch (JsonProcessingException notJson) {
            // not the admin API talking; fall through to the raw text
        }
        String text = body == null ? "" : body.strip();
        int lineEnd = text.indexOf('\n');
        text = lineEnd < 0 ? text : text.substring(0, lineEnd);
        if (text.isEmpty()) {
            return "(no reason given)";
        }
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static JsonNode answer(int status, String json, String... requiredFields) {
        JsonNode answer;
        try {
            answer = MAPPER.readTree(json);
        } catch (JsonProcessingException notJson) {
            throw notAnAnswer(status, json);
        }
        for (String field : requiredFields) {
            if (answer == null || !answer.has(field)) {
                throw notAnAnswer(status, json);
            }
        }
        return answer;
    }

    private static TierCacheException notAnAnswer(int status, String body) {
        return new TierCacheException(status, "not an answer from the tiercache admin API (is the admin URL right?): "
                + errorReason(body), null);
    }

    private static void strings(ObjectNode body, String field, List<String> values) {
        if (!values.isEmpty()) {
            values.forEach(body.putArray(field)::add);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static List<FetchResult> fetches(JsonNode array) {
        List<FetchResult> results = new ArrayList<>();
        for (JsonNode item : array) {
            JsonNode cacheStatus = item.path("cacheStatus");
            JsonNode error = item.path("error");
            results.add(new FetchResult(item.path("url").asText(), item.path("status").asInt(),
                    cacheStatus.isTextual() ? cacheStatus.asText() : null, item.path("stored").asBoolean(),
                    error.isTextual() ? error.asText() : null));
        }
        return results;
    }
}
