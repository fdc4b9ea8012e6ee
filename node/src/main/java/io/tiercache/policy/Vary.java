package io.tiercache.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** Selecting a stored variant by the request fields a response varies on (RFC 9111 §4.1). */
public final class Vary {

    public static final String WILDCARD = "*";

    private static final String ACCEPT_LANGUAGE = "accept-language";

    /** Fields whose values are case-insensitive, so that "GZIP" and "gzip" select one variant. */
    private static final List<String> CASE_INSENSITIVE = List.of("accept-encoding", "accept-charset", "accept-language");

    private Vary() {
    }

    /** The field names of the response's Vary, lower-cased, sorted and de-duplicated; empty without Vary. */
    public static List<String> fieldNames(HeaderFields response) {
        List<String> lines = response.all("Vary");
        if (lines.isEmpty()) {
            return List.of();
        }
        TreeSet<String> names = new TreeSet<>();
        for (String line : lines) {
            for (String token : line.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names.contains(WILDCARD) ? List.of(WILDCARD) : List.copyOf(names);
    }

    /** §4.1: Vary: * never matches a later request. */
    public static boolean isWildcard(List<String> fieldNames) {
        return fieldNames.size() == 1 && fieldNames.get(0).equals(WILDCARD);
    }

    /**
     * The request's values of the varying fields, normalised (§4.1 allows it): lines combined,
     * whitespace around commas dropped, case folded for case-insensitive fields. Two requests
     * select the same variant exactly when their keys are equal; an absent field differs from an
     * empty one.
     */
    public static String variantKey(List<String> fieldNames, HeaderFields request) {
        return variantKey(fieldNames, request, null);
    }

    /**
     * The variant keys that may serve this request, in order: its own, then, when the response
     * varies on Accept-Language, the key under which a response in each of its most preferred
     * languages is stored ({@link #storedVariantKey}). §4.1 lets the quality values of
     * Accept-Language choose among stored responses: one in a language the client prefers above all
     * others serves it as well as any.
     */
    public static List<String> variantKeys(List<String> fieldNames, HeaderFields request) {
        String own = variantKey(fieldNames, request);
        if (!fieldNames.contains(ACCEPT_LANGUAGE)) {
            return List.of(own);
        }
        List<String> keys = new ArrayList<>(List.of(own));
        for (String language : AcceptLanguage.mostPreferred(request.combined(ACCEPT_LANGUAGE))) {
            String key = variantKey(fieldNames, request, language);
            if (!keys.contains(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /**
     * The key a response is stored under: a response in one language that the request preferred
     * above all others is stored under that language, where every request that prefers it above all
     * others finds it ({@link #variantKeys}); any other response under the request's own key.
     */
    public static String storedVariantKey(List<String> fieldNames, HeaderFields request, HeaderFields response) {
        if (fieldNames.contains(ACCEPT_LANGUAGE)) {
            String language = AcceptLanguage.single(response.combined("Content-Language"));
            if (language != null
                    && AcceptLanguage.mostPreferred(request.combined(ACCEPT_LANGUAGE)).contains(language)) {
                return variantKey(fieldNames, request, language);
            }
        }
        return variantKey(fieldNames, request);
    }

    /** @param language stands in for the request's Accept-Language, when not null */
    private static String variantKey(List<String> fieldNames, HeaderFields request, String language) {
        StringBuilder key = new StringBuilder();
        for (String name : fieldNames) {
            key.append(name);
            String value = language != null && name.equals(ACCEPT_LANGUAGE) ? language : request.combined(name);
            if (value == null) {
                key.append('\u0000');
            } else {
                key.append('=').append(normalise(name, value));
            }
            key.append('\n');
        }
        return key.toString();
    }

    private static String normalise(String name, String value) {
        if (name.equals(ACCEPT_LANGUAGE)) {
            String languages = AcceptLanguage.normalised(value);
            if (languages != null) {
                return languages;
            }
        }
        StringBuilder out = new StringBuilder(value.length());
        for (String member : value.split(",")) {
            String trimmed = member.trim().replaceAll("\\s*;\\s*", ";").replaceAll("\\s+", " ");
            if (trimmed.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(trimmed);
        }
        String normalised = out.toString();
        return CASE_INSENSITIVE.contains(name) ? normalised.toLowerCase(Locale.ROOT) : normalised;
    }
}
