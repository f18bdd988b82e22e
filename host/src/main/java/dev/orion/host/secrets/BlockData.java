package dev.orion.host.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.orion.host.store.BlockStore;
import dev.orion.host.util.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Block document data at rest: encrypted whole (as Prefect keeps it), bound to the document's
 * name; and its {@code secret_fields} masked in answers that do not include secrets. Thread-safe.
 */
public final class BlockData {

    private final SecretCipher cipher;

    public BlockData(SecretCipher cipher) {
        this.cipher = cipher;
    }

    /** The data as stored for a document named {@code name}. */
    public String seal(String name, JsonNode data) {
        return cipher.encrypt(data.toString(), context(name));
    }

    /** The data of a stored document, decrypted. */
    public ObjectNode open(BlockStore.Stored document) {
        return (ObjectNode) Json.read(cipher.decrypt(document.body(), context(document.key())), JsonNode.class);
    }

    /**
     * A copy of the data with each secret field ({@code "value"}, {@code "auth.password"},
     * {@code "headers.*"}) shown as {@value SecretMask#MASK}.
     */
    public static ObjectNode masked(ObjectNode data, List<String> secretFields) {
        ObjectNode out = data.deepCopy();
        for (String field : secretFields) {
            mask(out, field.split("\\."), 0);
        }
        return out;
    }

    private static void mask(JsonNode node, String[] path, int i) {
        if (!(node instanceof ObjectNode o)) {
            return;
        }
        List<String> keys = path[i].equals("*") ? iterable(o) : List.of(path[i]);
        for (String key : keys) {
            if (!o.has(key)) {
                continue;
            }
            if (i == path.length - 1) {
                o.set(key, TextNode.valueOf(SecretMask.MASK));
            } else {
                mask(o.get(key), path, i + 1);
            }
        }
    }

    private static List<String> iterable(ObjectNode o) {
        List<String> keys = new ArrayList<>();
        o.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static String context(String name) {
        return "block-document/" + name;
    }
}
