package io.tiercache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("ConditionalRequest: answering a conditional request from the cache (RFC 9111 §4.3.2, RFC 9110 §13)")
class ConditionalRequestTest {

    private static final long T = 784_111_777L;
    private static final String MODIFIED = HttpDate.format(T - 3600);
    private static final HeaderList STORED = HeaderList.of(
            "Date", HttpDate.format(T), "ETag", "\"v1\"", "Last-Modified", MODIFIED);

    static Stream<Arguments> conditionals() {
        return Stream.of(
                // RFC 9110 §13.1.2: If-None-Match with the stored entity-tag
                arguments("answers 304 to If-None-Match naming the stored ETag", 200,
                        HeaderList.of("If-None-Match", "\"v1\""), STORED, true),
                // RFC 9110 §13.1.2: no tag matches
                arguments("answers in full to If-None-Match naming another ETag", 200,
                        HeaderList.of("If-None-Match", "\"v2\""), STORED, false),
                // RFC 9110 §13.1.2: GET and HEAD use the weak comparison
                arguments("matches a weak If-None-Match against a strong stored ETag", 200,
                        HeaderList.of("If-None-Match", "W/\"v1\""), STORED, true),
                // RFC 9110 §13.1.2: GET and HEAD use the weak comparison
                arguments("matches a strong If-None-Match against a weak stored ETag", 200,
                        HeaderList.of("If-None-Match", "\"v1\""), HeaderList.of("ETag", "W/\"v1\""), true),
                // RFC 9110 §13.1.2: any member of the list
                arguments("answers 304 when any listed ETag matches", 200,
                        HeaderList.of("If-None-Match", "\"v0\", \"v1\", \"v2\""), STORED, true),
                // RFC 9110 §5.3: several If-None-Match lines form one list
                arguments("answers 304 when the matching ETag is on a later If-None-Match line", 200,
                        HeaderList.of("If-None-Match", "\"v0\"", "If-None-Match", "\"v1\""), STORED, true),
                // RFC 9110 §13.1.2: "*" matches any current representation
                arguments("answers 304 to If-None-Match: *", 200, HeaderList.of("If-None-Match", "*"), STORED, true),
                // RFC 9110 §13.1.2: "*" matches even a representation without ETag
                arguments("answers 304 to If-None-Match: * for a response without ETag", 200,
                        HeaderList.of("If-None-Match", "*"), HeaderList.of("Date", HttpDate.format(T)), true),
                // RFC 9110 §13.1.2: nothing to match without a stored ETag
                arguments("answers in full to If-None-Match when the stored response has no ETag", 200,
                        HeaderList.of("If-None-Match", "\"v1\""), HeaderList.of("Last-Modified", MODIFIED), false),
                // RFC 9110 §13.1.3, §13.2.2: If-None-Match takes precedence over If-Modified-Since
                arguments("ignores a matching If-Modified-Since when If-None-Match does not match", 200,
                        HeaderList.of("If-None-Match", "\"v2\"", "If-Modified-Since", HttpDate.format(T)), STORED,
                        false),
                // RFC 9110 §13.1.3, §13.2.2: If-None-Match takes precedence over If-Modified-Since
                arguments("answers 304 when If-None-Match matches whatever If-Modified-Since says", 200,
                        HeaderList.of("If-None-Match", "\"v1\"", "If-Modified-Since", HttpDate.format(T - 86400)),
                        STORED, true),
                // RFC 9110 §13.1.3: not modified since a later date
                arguments("answers 304 to If-Modified-Since after Last-Modified", 200,
                        HeaderList.of("If-Modified-Since", HttpDate.format(T)), STORED, true),
                // RFC 9110 §13.1.3: "earlier or equal"
                arguments("answers 304 to If-Modified-Since equal to Last-Modified", 200,
                        HeaderList.of("If-Modified-Since", MODIFIED), STORED, true),
                // RFC 9110 §13.1.3: modified since
                arguments("answers in full to If-Modified-Since before Last-Modified", 200,
                        HeaderList.of("If-Modified-Since", HttpDate.format(T - 3601)), STORED, false),
                // RFC 9110 §5.6.7, §13.1.3: an If-Modified-Since in an obsolete date form
                arguments("reads If-Modified-Since in asctime form", 200,
                        HeaderList.of("If-Modified-Since", "Sun Nov  6 08:49:37 1994"), STORED, true),
                // RFC 9110 §13.1.3: an invalid date is ignored
                arguments("answers in full to an invalid If-Modified-Since", 200,
                        HeaderList.of("If-Modified-Since", "yesterday"), STORED, false),
                // RFC 9111 §4.3.2: without Last-Modified the stored Date stands in
                arguments("compares If-Modified-Since with Date when Last-Modified is missing", 200,
                        HeaderList.of("If-Modified-Since", HttpDate.format(T)), HeaderList.of("Date",
                                HttpDate.format(T)), true),
                // RFC 9111 §4.3.2: without Last-Modified the stored Date stands in
                arguments("answers in full when Date is after If-Modified-Since and Last-Modified is missing", 200,
                        HeaderList.of("If-Modified-Since", HttpDate.format(T - 1)), HeaderList.of("Date",
                                HttpDate.format(T)), false),
                // RFC 9111 §4.3.2: with neither date nothing can be proven unmodified
                arguments("answers in full to If-Modified-Since when the stored response has no dates", 200,
                        HeaderList.of("If-Modified-Since", HttpDate.format(T)), HeaderList.of("ETag", "\"v1\""),
                        false),
                // RFC 9110 §13.2.1: preconditions apply to 2xx responses only
                arguments("answers in full for a stored 404 even when the ETag matches", 404,
                        HeaderList.of("If-None-Match", "\"v1\""), STORED, false),
                // RFC 9110 §13.2.1: preconditions apply to 2xx responses only
                arguments("answers in full for a stored 301 even when unmodified", 301,
                        HeaderList.of("If-Modified-Since", HttpDate.format(T)), STORED, false),
                // RFC 9110 §13.2.1: any 2xx
                arguments("answers 304 for a stored 203 when the ETag matches", 203,
                        HeaderList.of("If-None-Match", "\"v1\""), STORED, true),
                // RFC 9110 §13.2.1: any 2xx
                arguments("answers 304 for a stored 299 when the ETag matches", 299,
                        HeaderList.of("If-None-Match", "\"v1\""), STORED, true),
                // RFC 9110 §13.2.1: preconditions apply to 2xx responses only
                arguments("answers in full for a stored 199", 199, HeaderList.of("If-None-Match", "*"), STORED,
                        false),
                // RFC 9110 §13.1: an unconditional request
                arguments("answers in full to an unconditional request", 200, HeaderList.EMPTY, STORED, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditionals")
    void decidesWhetherToAnswerNotModified(String behaviour, int storedStatus, HeaderList request,
                                           HeaderList stored, boolean notModified) {
        assertThat(ConditionalRequest.evaluate(request, storedStatus, stored)).isEqualTo(notModified
                ? ConditionalRequest.Outcome.NOT_MODIFIED : ConditionalRequest.Outcome.SEND);
    }

    static Stream<Arguments> preconditions() {
        return Stream.of(
                // RFC 9110 §13.1.1: If-Match uses the strong comparison
                arguments("sends the response when If-Match names the stored ETag", 200,
                        HeaderList.of("If-Match", "\"v1\""), STORED, ConditionalRequest.Outcome.SEND),
                // RFC 9110 §13.1.1: "*" matches any current representation
                arguments("sends the response to If-Match: *", 200, HeaderList.of("If-Match", "*"), STORED,
                        ConditionalRequest.Outcome.SEND),
                // RFC 9110 §13.1.1, §13.2.2 step 1: no match is a failed precondition
                arguments("answers 412 when If-Match names another ETag", 200,
                        HeaderList.of("If-Match", "\"v2\""), STORED, ConditionalRequest.Outcome.PRECONDITION_FAILED),
                // RFC 9110 §8.8.3.2: a weak tag never matches strongly
                arguments("answers 412 when If-Match names a weak tag", 200,
                        HeaderList.of("If-Match", "W/\"v1\""), STORED, ConditionalRequest.Outcome.PRECONDITION_FAILED),
                // RFC 9110 §13.1.4: modified after the date
                arguments("answers 412 when modified after If-Unmodified-Since", 200,
                        HeaderList.of("If-Unmodified-Since", HttpDate.format(T - 7200)), STORED,
                        ConditionalRequest.Outcome.PRECONDITION_FAILED),
                // RFC 9110 §13.1.4: not modified since
                arguments("sends the response when unmodified since the date", 200,
                        HeaderList.of("If-Unmodified-Since", HttpDate.format(T)), STORED,
                        ConditionalRequest.Outcome.SEND),
                // RFC 9110 §13.2.2 step 2: If-Unmodified-Since is evaluated only without If-Match
                arguments("ignores If-Unmodified-Since when If-Match holds", 200,
                        HeaderList.of("If-Match", "\"v1\"", "If-Unmodified-Since", HttpDate.format(T - 7200)), STORED,
                        ConditionalRequest.Outcome.SEND),
                // RFC 9110 §13.2.2: the order of evaluation; a failed If-Match wins over a matching If-None-Match
                arguments("answers 412 before 304", 200,
                        HeaderList.of("If-Match", "\"v2\"", "If-None-Match", "\"v1\""), STORED,
                        ConditionalRequest.Outcome.PRECONDITION_FAILED),
                // RFC 9110 §13.2.1: preconditions apply to 2xx responses only
                arguments("sends a stored 404 whatever If-Match says", 404,
                        HeaderList.of("If-Match", "\"v2\""), STORED, ConditionalRequest.Outcome.SEND));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("preconditions")
    void evaluatesPreconditionsInTheirOrder(String behaviour, int storedStatus, HeaderList request, HeaderList stored,
                                            ConditionalRequest.Outcome expected) {
        assertThat(ConditionalRequest.evaluate(request, storedStatus, stored)).isEqualTo(expected);
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                arguments(HeaderList.of("If-None-Match", "\"v1\""), true),
                arguments(HeaderList.of("if-modified-since", MODIFIED), true),
                arguments(HeaderList.of("If-Match", "\"v1\""), true),
                arguments(HeaderList.of("If-Unmodified-Since", MODIFIED), true),
                arguments(HeaderList.of("Cache-Control", "no-cache"), false),
                arguments(HeaderList.EMPTY, false));
    }

    // RFC 9111 §4.3.2, RFC 9110 §13.2.2: the preconditions a cache evaluates for what it serves
    @ParameterizedTest(name = "{0} conditional: {1}")
    @MethodSource("requests")
    void recognisesTheConditionsACacheEvaluates(HeaderList request, boolean conditional) {
        assertThat(ConditionalRequest.isConditional(request)).isEqualTo(conditional);
    }
}
