package io.tiercache.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Structured Fields Dictionary (RFC 8941 §3.2), parsed strictly as §4.2 asks: any syntax error
 * fails the whole field, so that a cache never acts on half of what an origin meant. Members keep
 * their order; a key given twice keeps its last value (§4.2.2).
 */
public final class StructuredFieldDictionary {

    /** A member's value: a bare item with its parameters, or an inner list (§3.1.1) of them. */
    public sealed interface Member permits Item, InnerList {
        Map<String, Object> parameters();
    }

    /**
     * An Item (§3.3): {@code value} is a Long (Integer), BigDecimal (Decimal), String (String),
     * {@link Token}, byte[] (Byte Sequence) or Boolean.
     */
    public record Item(Object value, Map<String, Object> parameters) implements Member {
    }

    public record InnerList(List<Item> items, Map<String, Object> parameters) implements Member {
    }

    /** A Token (§3.3.4), kept apart from a String of the same text. */
    public record Token(String text) {
    }

    /** Thrown for any input that is not a valid Dictionary. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private final Map<String, Member> members;

    private StructuredFieldDictionary(Map<String, Member> members) {
        this.members = Collections.unmodifiableMap(members);
    }

    /**
     * Parses the field lines combined with commas (§4.2: "split on commas" is the field's own job).
     *
     * @return empty when there are no lines or the combined value is empty
     * @throws Invalid on any syntax error
     */
    public static Optional<StructuredFieldDictionary> parse(List<String> lines) {
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        String input = String.join(",", lines);
        Parser parser = new Parser(input);
        parser.skipSpaces();
        if (parser.atEnd()) {
            return Optional.empty();
        }
        Map<String, Member> members = parser.dictionary();
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw new Invalid("unexpected '" + input.charAt(parser.pos) + "' at " + parser.pos);
        }
        return Optional.of(new StructuredFieldDictionary(members));
    }

    public Map<String, Member> members() {
        return members;
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    private static final class Parser {
        private final String input;
        private int pos;

        Parser(String input) {
            this.input = input;
        }

        boolean atEnd() {
            return pos >= input.length();
        }

        char peek() {
            return input.charAt(pos);
        }

        void skipSpaces() {
            while (!atEnd() && peek() == ' ') {
                pos++;
            }
        }

        void skipOws() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                pos++;
            }
        }

        Invalid invalid(String what) {
            return new Invalid(what + " at " + pos);
        }

        /** §4.2.2 */
        Map<String, Member> dictionary() {
            Map<String, Member> result = new LinkedHashMap<>();
            while (!atEnd()) {
                String key = key();
                Member member;
                if (!atEnd() && peek() == '=') {
                    pos++;
                    member = itemOrInnerList();
                } else {
                    member = new Item(Boolean.TRUE, parameters());
                }
                result.remove(key);
                result.put(key, member);
                skipOws();
                if (atEnd()) {
                    return result;
                }
                if (peek() != ',') {
                    throw invalid("expected ','");
                }
                pos++;
                skipOws();
                if (atEnd()) {
                    throw invalid("trailing ','");
                }
            }
            return result;
        }

        /** §4.2.1.1 */
        Member itemOrInnerList() {
            if (!atEnd() && peek() == '(') {
                return innerList();
            }
            return new Item(bareItem(), parameters());
        }

        /** §4.2.1.2 */
        InnerList innerList() {
            pos++;
            List<Item> items = new ArrayList<>();
            while (!atEnd()) {
                skipSpaces();
                if (!atEnd() && peek() == ')') {
                    pos++;
                    return new InnerList(List.copyOf(items), parameters());
                }
                items.add(new Item(bareItem(), parameters()));
                if (atEnd() || (peek() != ' ' && peek() != ')')) {
                    throw invalid("expected ' ' or ')' in an inner list");
                }
            }
            throw invalid("unterminated inner list");
        }

        /** §4.2.3.2 */
        Map<String, Object> parameters() {
            Map<String, Object> result = new LinkedHashMap<>();
            while (!atEnd() && peek() == ';') {
                pos++;
                skipSpaces();
                String key = key();
                Object value = Boolean.TRUE;
                if (!atEnd() && peek() == '=') {
                    pos++;
                    value = bareItem();
                }
                result.remove(key);
                result.put(key, value);
            }
            return result.isEmpty() ? Map.of() : Collections.unmodifiableMap(result);
        }

        /** §4.2.3.3: lcalpha or "*", then lcalpha, DIGIT, "_", "-", ".", "*". */
        String key() {
            int start = pos;
            if (atEnd() || !(isLowerAlpha(peek()) || peek() == '*')) {
                throw invalid("expected a key");
            }
            pos++;
            while (!atEnd()) {
                char c = peek();
                if (!(isLowerAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*')) {
                    break;
                }
                pos++;
            }
            return input.substring(start, pos);
        }

        /** §4.2.3.1 */
        Object bareItem() {
            if (atEnd()) {
                throw invalid("expected an item");
            }
            char c = peek();
            if (c == '-' || isDigit(c)) {
                return number();
            }
            if (c == '"') {
                return string();
            }
            if (c == '*' || isAlpha(c)) {
                return token();
            }
            if (c == ':') {
                return byteSequence();
            }
            if (c == '?') {
                return bool();
            }
            throw invalid("unexpected '" + c + "'");
        }

        /** §4.2.4 */
        Object number() {
            int start = pos;
            boolean negative = peek() == '-';
            if (negative) {
                pos++;
            }
            if (atEnd() || !isDigit(peek())) {
                throw invalid("expected a digit");
            }
            int dot = -1;
            while (!atEnd()) {
                char c = peek();
                if (isDigit(c)) {
                    pos++;
                } else if (c == '.' && dot < 0) {
                    if (pos - start - (negative ? 1 : 0) > 12) {
                        throw invalid("decimal with more than 12 integer digits");
                    }
                    dot = pos;
                    pos++;
                } else {
                    break;
                }
                int digits = pos - start - (negative ? 1 : 0);
                if (dot < 0 && digits > 15 || dot >= 0 && digits > 16) {
                    throw invalid("number too long");
                }
            }
            String text = input.substring(start, pos);
            if (dot < 0) {
                return Long.parseLong(text);
            }
            int fraction = pos - dot - 1;
            if (fraction < 1 || fraction > 3) {
                throw invalid("decimal needs 1 to 3 fractional digits");
            }
            return new BigDecimal(text);
        }

        /** §4.2.5 */
        String string() {
            pos++;
            StringBuilder out = new StringBuilder();
            while (!atEnd()) {
                char c = input.charAt(pos++);
                if (c == '\\') {
                    if (atEnd()) {
                        throw invalid("dangling escape");
                    }
                    char next = input.charAt(pos++);
                    if (next != '"' && next != '\\') {
                        throw invalid("invalid escape");
                    }
                    out.append(next);
                } else if (c == '"') {
                    return out.toString();
                } else if (c < 0x20 || c > 0x7e) {
                    throw invalid("non-printable character in a string");
                } else {
                    out.append(c);
                }
            }
            throw invalid("unterminated string");
        }

        /** §4.2.6: tchar, ":" and "/" after a first ALPHA or "*". */
        Token token() {
            int start = pos;
            pos++;
            while (!atEnd() && (isTchar(peek()) || peek() == ':' || peek() == '/')) {
                pos++;
            }
            return new Token(input.substring(start, pos));
        }

        /** §4.2.7 */
        byte[] byteSequence() {
            pos++;
            int end = input.indexOf(':', pos);
            if (end < 0) {
                throw invalid("unterminated byte sequence");
            }
            String encoded = input.substring(pos, end);
            for (int i = 0; i < encoded.length(); i++) {
                char c = encoded.charAt(i);
                if (!(isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '=')) {
                    throw invalid("invalid base64");
                }
            }
            pos = end + 1;
            try {
                return Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw invalid("invalid base64");
            }
        }

        /** §4.2.8 */
        Boolean bool() {
            pos++;
            if (atEnd()) {
                throw invalid("expected 0 or 1");
            }
            char c = input.charAt(pos++);
            if (c == '1') {
                return Boolean.TRUE;
            }
            if (c == '0') {
                return Boolean.FALSE;
            }
            throw invalid("expected 0 or 1");
        }
    }

    private static boolean isLowerAlpha(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isAlpha(char c) {
        return isLowerAlpha(c) || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** RFC 9110 §5.6.2 */
    private static boolean isTchar(char c) {
        return isAlpha(c) || isDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
