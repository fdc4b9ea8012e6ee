package io.tiercache.proxy;

import io.tiercache.policy.HeaderFields;
import io.vertx.core.MultiMap;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Vert.x headers (of a request or a response) seen through the policy room's {@link HeaderFields} view, without copying. */
record VertxHeaders(MultiMap headers) implements HeaderFields {

    @Override
    public String first(String name) {
        return headers.get(name);
    }

    @Override
    public List<String> all(String name) {
        return headers.getAll(name);
    }

    @Override
    public void forEach(BiConsumer<String, String> action) {
        for (Map.Entry<String, String> entry : headers) {
            action.accept(entry.getKey(), entry.getValue());
        }
    }
}
