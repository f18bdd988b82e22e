package dev.orion.host.server;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.stream.Collectors;

/**
 * The JSON of the REST API: snake_case field names as Prefect's, ISO-8601 times, and strict
 * reading, so that a body that is not JSON is a {@link MalformedRequestException} (400) and
 * JSON that breaks the schema — an unknown field, a wrong type, an unknown enum value — is an
 * {@link InvalidRequestException} (422) naming the field. Thread-safe.
 */
public final class ApiJson {

    /** The API's mapper: snake_case, strict on unknown fields. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private ApiJson() {
    }

    /** Reads a request body as the given type; an empty body reads as JSON {@code {}}. */
    public static <T> T read(String body, Class<T> type) {
        String json = body == null || body.isBlank() ? "{}" : body;
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonParseException e) {
            throw new MalformedRequestException("malformed JSON: " + e.getOriginalMessage());
        } catch (JsonMappingException e) {
            throw invalid(e);
        } catch (JsonProcessingException e) {
            throw new MalformedRequestException("malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** Reads a request body as a JSON tree. */
    public static JsonNode tree(String body) {
        return read(body, JsonNode.class);
    }

    /** Converts a tree to a type with the same strictness as {@link #read}. */
    public static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonMappingException e) {
            throw invalid(e);
        } catch (JsonProcessingException e) {
            throw new MalformedRequestException("malformed JSON: " + e.getOriginalMessage());
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    private static InvalidRequestException invalid(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        if (e instanceof UnrecognizedPropertyException u) {
            return new InvalidRequestException("unknown field '" + path + "'; known fields: "
                    + u.getKnownPropertyIds());
        }
        String message = e.getOriginalMessage();
        int cut = message.indexOf(" at [Source");
        return new InvalidRequestException((path.isEmpty() ? "" : "invalid value for '" + path + "': ")
                + (cut > 0 ? message.substring(0, cut) : message));
    }
}
