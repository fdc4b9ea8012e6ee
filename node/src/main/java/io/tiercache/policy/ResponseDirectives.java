package io.tiercache.policy;

import java.util.List;
import java.util.Optional;

/**
 * The response directives this cache decides by: the first targeted field on its target list
 * that is present and valid (RFC 9213 §2.2), else Surrogate-Control (Edge Architecture 1.0), else
 * Cache-Control together with Expires. A targeted field or Surrogate-Control replaces
 * Cache-Control and Expires whole, private and no-store included, for this cache only.
 *
 * @param field the name of the field the directives came from
 */
public record ResponseDirectives(CacheControl cacheControl, String field) {

    public static final String CACHE_CONTROL = "Cache-Control";
    public static final String SURROGATE_CONTROL = "Surrogate-Control";

    public static ResponseDirectives of(HeaderFields response, List<String> targetedFields) {
        for (String name : targetedFields) {
            Optional<CacheControl> targeted = TargetedCacheControl.parse(response.all(name));
            if (targeted.isPresent()) {
                return new ResponseDirectives(targeted.get(), name);
            }
        }
        Optional<CacheControl> surrogate = SurrogateControl.parse(response.all(SURROGATE_CONTROL));
        return surrogate.map(directives -> new ResponseDirectives(directives, SURROGATE_CONTROL))
                .orElseGet(() -> new ResponseDirectives(CacheControl.of(response), CACHE_CONTROL));
    }

    /** RFC 9213 §2.2: a targeted field replaces Expires as well as Cache-Control. */
    public boolean expiresApplies() {
        return field.equals(CACHE_CONTROL);
    }
}
