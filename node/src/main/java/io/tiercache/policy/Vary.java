package io.tiercache.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** Selecting a stored variant by the request fields a response varies on (RFC 9111 §4.1). */
public final class Vary {

    public static final String WILDCARD = "*";

    private static final String ACCEPT_LANGUAGE = "accept-language";
    private static final String ACCEPT_ENCODING = "accept-encoding";

    /** Fields whose values are case-insensitive, so that "UTF-8" and "utf-8" select one variant. */
    private static final List<String> CASE_INSENSITIVE = List.of("accept-charset", "accept-language");

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
     * whitespace around commas dropped, case folded for case-insensitive fields, Accept-Language in
     * its canonical form and Accept-Encoding reduced to the coding it prefers ({@link AcceptEncoding}). Two requests
     * select the same variant exactly when their keys are equal; an absent field differs from an
     * empty one.
     */
    public static String variantKey(List<String> fieldNames, HeaderFields request) {
        return variantKey(fieldNames, request, null, null);
    }

    /**
     * The variant keys that may serve this request, in order: its own, then the keys of other
     * stored responses it may take. §4.1 lets the quality values of the request choose among stored
     * responses: when the response varies on Accept-Language, one in a language the client prefers
     * above all others serves it as well as any ({@link #storedVariantKey}); when it varies on
     * Accept-Encoding, one in any content coding the client takes, or that the cache decodes for it
     * ({@link AcceptEncoding#slots}).
     */
    public static List<String> variantKeys(List<String> fieldNames, HeaderFields request) {
        String own = variantKey(fieldNames, request);
        boolean byLanguage = fieldNames.contains(ACCEPT_LANGUAGE);
        boolean byCoding = fieldNames.contains(ACCEPT_ENCODING);
        if (!byLanguage && !byCoding) {
            return List.of(own);
        }
        List<String> languages = new ArrayList<>();
        languages.add(null);
        if (byLanguage) {
            languages.addAll(AcceptLanguage.mostPreferred(request.combined(ACCEPT_LANGUAGE)));
        }
        List<String> slots = byCoding ? AcceptEncoding.slots(request.combined(ACCEPT_ENCODING))
                : Collections.singletonList(null);
        List<String> keys = new ArrayList<>(List.of(own));
        for (String language : languages) {
            for (String slot : slots) {
                String key = variantKey(fieldNames, request, language, slot);
                if (!keys.contains(key)) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    /**
     * The key a response is stored under: a response in one language that the request preferred
     * above all others is stored under that language, where every request that prefers it above all
     * others finds it ({@link #variantKeys}); a response varying on Accept-Encoding under the slot
     * of its content coding ({@link AcceptEncoding#storedSlot}); any other under the request's own key.
     *
     * @param request   the fields the origin was sent
     * @param decodable whether the cache may decode the response's gzip body for clients that do not take gzip
     */
    public static String storedVariantKey(List<String> fieldNames, HeaderFields request, HeaderFields response,
                                          boolean decodable) {
        String language = null;
        if (fieldNames.contains(ACCEPT_LANGUAGE)) {
            String single = AcceptLanguage.single(response.combined("Content-Language"));
            if (single != null && AcceptLanguage.mostPreferred(request.combined(ACCEPT_LANGUAGE)).contains(single)) {
                language = single;
            }
        }
        String slot = fieldNames.contains(ACCEPT_ENCODING) ? AcceptEncoding.storedSlot(
                request.combined(ACCEPT_ENCODING), response.combined("Content-Encoding"), decodable) : null;
        return variantKey(fieldNames, request, language, slot);
    }

    /**
     * @param language stands in for the request's Accept-Language, when not null
     * @param slot     stands in for the request's Accept-Encoding, when not null
     */
    private static String variantKey(List<String> fieldNames, HeaderFields request, String language, String slot) {
        StringBuilder key = new StringBuilder();
        for (String name : fieldNames) {
            key.append(name);
            if (name.equals(ACCEPT_ENCODING)) {
                // An absent field, an empty one and "identity" all ask for identity (§12.5.3): one key.
                key.append('=').append(slot != null ? slot : AcceptEncoding.normalised(request.combined(name)));
            } else {
                String value = language != null && name.equals(ACCEPT_LANGUAGE) ? language : request.combined(name);
                if (value == null) {
                    key.append('\u0000');
                } else {
                    key.append('=').append(normalise(name, value));
                }
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
