package io.tiercache.client;

import java.util.List;

/**
 * The answer to a warm-up: what the cache did with each URL, in the order asked.
 *
 * @param results one per URL
 * @param json    the answer as the node sent it
 */
public record WarmResult(List<FetchResult> results, String json) {

    public WarmResult {
        results = List.copyOf(results);
    }
}
