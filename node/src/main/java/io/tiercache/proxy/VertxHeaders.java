package io.tiercache.proxy;

import io.netty.util.AsciiString;
import io.tiercache.policy.HeaderFields;
import io.vertx.core.MultiMap;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Vert.x headers (of a request or a response) seen through the policy room's {@link HeaderFields} view, without copying. */
record VertxHeaders(MultiMap headers) implements HeaderFields {

    /**
     * The names the policy room asks for on every request, as AsciiStrings that carry their hash:
     * a lookup by a plain String hashes the name each time. Other names are looked up as given.
     */
    private static final Map<String, AsciiString> FREQUENT = Stream.of("Cache-Control", "Pragma", "If-None-Match",
                    "If-Match", "If-Unmodified-Since",
                    "If-Modified-Since", "Authorization", "Cookie", "Accept-Encoding", "Accept", "Accept-Language",
                    "ETag", "Last-Modified", "Date", "Age", "Expires", "Vary")
            .collect(Collectors.toUnmodifiableMap(name -> name, AsciiString::cached));

    @Override
    public String first(String name) {
        return headers.get(hashed(name));
    }

    @Override
    public List<String> all(String name) {
        return headers.getAll(hashed(name));
    }

    private static CharSequence hashed(String name) {
        AsciiString known = FREQUENT.get(name);
        return known != null ? known : name;
    }

    @Override
    public void forEach(BiConsumer<String, String> action) {
        for (Map.Entry<String, String> entry : headers) {
            action.accept(entry.getKey(), entry.getValue());
        }
    }
}
