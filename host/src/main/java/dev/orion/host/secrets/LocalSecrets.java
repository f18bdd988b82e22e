package dev.orion.host.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.host.store.BlockStore;
import dev.orion.host.store.Database;
import dev.orion.host.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** {@link Secrets} kept as encrypted {@code secret} block documents in the local store. Thread-safe. */
final class LocalSecrets implements Secrets {

    private static final String BUILTIN = "/dev/orion/host/server/builtin-blocks.json";

    private final BlockStore blocks;
    private final BlockData data;

    LocalSecrets(Database db, SecretCipher cipher) {
        this.blocks = new BlockStore(db);
        this.data = new BlockData(cipher);
    }

    @Override
    public Optional<String> get(String name) {
        return blocks.typeBySlug(BLOCK_TYPE).flatMap(t -> blocks.documentNamed(t.id(), name))
                .map(d -> data.open(d).path("value").asText());
    }

    @Override
    public void set(String name, String value) {
        Secrets.checkName(name);
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("value", value);
        BlockStore.Stored type = secretType();
        Optional<BlockStore.Stored> existing = blocks.documentNamed(type.id(), name);
        if (existing.isPresent()) {
            blocks.updateDocument(existing.get().id(), null, data.seal(name, body));
        } else {
            blocks.createDocument(name, type.id(), secretSchema(type).id(), data.seal(name, body), false);
        }
    }

    @Override
    public List<String> names() {
        return blocks.typeBySlug(BLOCK_TYPE).map(t -> blocks.documentsOfType(t.id()).stream()
                .map(BlockStore.Stored::key).toList()).orElse(List.of());
    }

    @Override
    public boolean delete(String name) {
        return blocks.typeBySlug(BLOCK_TYPE).flatMap(t -> blocks.documentNamed(t.id(), name))
                .map(d -> blocks.deleteDocument(d.id())).orElse(false);
    }

    /** The secret block type, stored from the built-in definition when the store has none yet. */
    private BlockStore.Stored secretType() {
        return blocks.typeBySlug(BLOCK_TYPE).orElseGet(() -> blocks.saveType(BLOCK_TYPE, builtin().get("type").toString()));
    }

    private BlockStore.Stored secretSchema(BlockStore.Stored type) {
        JsonNode schema = builtin().get("schemas").get(0);
        String checksum = schema.get("checksum").asText();
        return blocks.schemaByChecksum(checksum, null)
                .orElseGet(() -> blocks.createSchema(checksum, schema.path("version").asText(null), type.id(), schema.toString()));
    }

    private static JsonNode builtin() {
        try (InputStream in = LocalSecrets.class.getResourceAsStream(BUILTIN)) {
            for (JsonNode entry : Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    JsonNode.class).get("block_types")) {
                if (entry.get("type").get("slug").asText().equals(BLOCK_TYPE)) {
                    return entry;
                }
            }
            throw new IllegalStateException(BUILTIN + " has no '" + BLOCK_TYPE + "' block type");
        } catch (IOException e) {
            throw new IllegalStateException(BUILTIN + " is unreadable", e);
        }
    }
}
