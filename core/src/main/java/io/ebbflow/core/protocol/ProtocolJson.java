package io.ebbflow.core.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * The strict JSON mapping of protocol records: every field must be present (null where a field is
 * optional), unknown fields and trailing data are refused, and the record's own constructor checks the
 * values. Errors are turned into one sentence that names the field.
 */
public final class ProtocolJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private ProtocolJson() {
    }

    /** The shared mapper; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(Object message) {
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes and validates one message.
     *
     * @throws ProtocolException {@link ProtocolError#MALFORMED} with a sentence naming what is wrong
     */
    public static <T> T decode(byte[] json, int offset, int length, Class<T> type) {
        T value;
        try {
            value = MAPPER.readValue(json, offset, length, type);
        } catch (IOException | RuntimeException e) {
            throw ProtocolException.malformed("malformed " + type.getSimpleName() + ": " + describe(e));
        }
        if (value == null) {
            // JSON 'null' (or nothing): no handler is ever given a null message.
            throw ProtocolException.malformed("malformed " + type.getSimpleName() + ": expected a JSON object, got null");
        }
        return value;
    }

    public static <T> T decode(byte[] json, Class<T> type) {
        return decode(json, 0, json.length, type);
    }

    static String describe(Throwable e) {
        if (e instanceof ValueInstantiationException vie && vie.getCause() != null) {
            return vie.getCause().getMessage();
        }
        if (e instanceof UnrecognizedPropertyException upe) {
            return "unknown field '" + upe.getPropertyName() + "'";
        }
        if (e instanceof InvalidFormatException ife) {
            return "field '" + path(ife) + "' has an invalid value '" + ife.getValue() + "'";
        }
        if (e instanceof MismatchedInputException mie) {
            String msg = mie.getOriginalMessage();
            if (msg != null && (msg.startsWith("Missing required creator property")
                    || msg.startsWith("Missing creator property"))) {
                int q1 = msg.indexOf('\'');
                int q2 = msg.indexOf('\'', q1 + 1);
                String name = q1 >= 0 && q2 > q1 ? msg.substring(q1 + 1, q2) : "?";
                String p = path(mie);
                return "field '" + (p.equals(name) || p.endsWith("." + name) ? p : prefixed(mie, name)) + "' is missing";
            }
            if (msg != null && msg.startsWith("Cannot map `null` into type")) {
                return "field '" + path(mie) + "' must not be null";
            }
            String p = path(mie);
            return (p.isEmpty() ? "" : "field '" + p + "': ") + firstLine(msg);
        }
        if (e instanceof JsonParseException jpe) {
            return "not valid JSON: " + firstLine(jpe.getOriginalMessage());
        }
        if (e instanceof JacksonException je) {
            return firstLine(je.getOriginalMessage());
        }
        return firstLine(e.getMessage());
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String prefixed(JsonMappingException e, String name) {
        String p = path(e);
        return p.isEmpty() ? name : p + "." + name;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
