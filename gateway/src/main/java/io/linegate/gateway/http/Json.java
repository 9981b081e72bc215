package io.linegate.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The API's JSON writer. Besides what JSON requires, it escapes {@code < > & '} as
 * {@code \}{@code u00XX}, so text that came from a sensor or a topic (dead-letter samples) can
 * never be taken for markup, even by a client that wrongly pastes JSON into HTML. Thread-safe.
 */
final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    static {
        MAPPER.getFactory().setCharacterEscapes(new HtmlSafe());
    }

    private Json() {
    }

    /** {@code value} as one line of JSON (no newline, as an SSE {@code data:} field needs). */
    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /** Jackson's standard escapes plus the characters that open markup or an HTML entity. */
    private static final class HtmlSafe extends CharacterEscapes {

        private static final long serialVersionUID = 1L;
        private final int[] escapes;

        HtmlSafe() {
            escapes = standardAsciiEscapesForJSON();
            escapes['<'] = ESCAPE_STANDARD;
            escapes['>'] = ESCAPE_STANDARD;
            escapes['&'] = ESCAPE_STANDARD;
            escapes['\''] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
