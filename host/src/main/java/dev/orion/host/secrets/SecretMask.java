package dev.orion.host.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secret values runs of one engine have read, and their masking: each occurrence in a log
 * line or a result becomes {@value #MASK}. Values shorter than {@value #MIN_LENGTH} characters are
 * not masked (masking every "a" would make logs unreadable and hide nothing). Thread-safe.
 */
public final class SecretMask {

    public static final String MASK = "********";
    public static final int MIN_LENGTH = 4;

    private final Set<String> values = ConcurrentHashMap.newKeySet();

    /** Remembers a value a run read, to mask from now on. */
    public void add(String value) {
        if (value != null && value.length() >= MIN_LENGTH) {
            values.add(value);
        }
    }

    /** Whether nothing is masked (the fast path: no run read a secret). */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The text with every known secret replaced by the mask. */
    public String apply(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String out = text;
        for (String v : values) {
            if (out.contains(v)) {
                out = out.replace(v, MASK);
            }
        }
        return out;
    }

    /**
     * The value, or, when it holds a secret, a masked copy: a string masked as text, anything else
     * as its JSON tree with every string masked.
     */
    public Object apply(Object value, ObjectMapper mapper) {
        if (value == null || values.isEmpty()) {
            return value;
        }
        if (value instanceof String s) {
            return apply(s);
        }
        JsonNode tree;
        try {
            tree = mapper.valueToTree(value);
        } catch (IllegalArgumentException e) {
            return value;
        }
        String json = tree.toString();
        return apply(json).equals(json) ? value : masked(tree);
    }

    private JsonNode masked(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(apply(node.asText()));
        }
        if (node instanceof ObjectNode o) {
            ObjectNode out = o.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                var e = it.next();
                out.set(apply(e.getKey()), masked(e.getValue()));
            }
            return out;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode out = a.arrayNode();
            a.forEach(n -> out.add(masked(n)));
            return out;
        }
        return node;
    }
}
