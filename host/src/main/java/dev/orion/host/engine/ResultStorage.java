package dev.orion.host.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.api.OrionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.UUID;

/**
 * Stores results as JSON files, one per result, under a directory ({@code $ORION_HOME/storage}).
 * A file holds {@code {"type": "<java class>", "value": <json>}} so a result read back (a cached
 * task's) has its Java type again where that class is loadable. A result reference is
 * {@code local:<file name>}. Thread-safe.
 */
public final class ResultStorage {

    /** The prefix of references to files of this storage. */
    public static final String SCHEME = "local:";

    private final Path dir;
    private final ObjectMapper mapper;
    private volatile boolean dirReady;

    public ResultStorage(Path dir, ObjectMapper mapper) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    public Path dir() {
        return dir;
    }

    /**
     * Writes a result and returns its reference.
     *
     * @param durable force the file to disk before returning
     */
    public String write(Object value, boolean durable) {
        String file = UUID.randomUUID() + ".json";
        try {
            ObjectNode node = mapper.createObjectNode();
            node.put("type", value == null ? null : value.getClass().getName());
            node.set("value", mapper.valueToTree(value));
            byte[] bytes = mapper.writeValueAsBytes(node);
            ensureDir();
            Path path = dir.resolve(file);
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(bytes));
                if (durable) {
                    ch.force(true);
                }
            }
            return SCHEME + file;
        } catch (IOException | IllegalArgumentException e) {
            throw new OrionException("could not store the result (" + (value == null ? "null"
                    : value.getClass().getName()) + ") as JSON in " + dir + ": " + e.getMessage()
                    + "; return a JSON-serializable value or turn result persistence off", e);
        }
    }

    /** Reads a result back, as its original type when loadable with {@code loader}. */
    public Object read(String ref, ClassLoader loader) {
        JsonNode node = readNode(ref);
        JsonNode value = node.get("value");
        String type = node.path("type").asText(null);
        if (type != null && loader != null) {
            try {
                Class<?> cls = Class.forName(type, false, loader);
                return mapper.treeToValue(value, cls);
            } catch (ClassNotFoundException | IOException | IllegalArgumentException e) {
                // fall through to the generic form
            }
        }
        return mapper.convertValue(value, Object.class);
    }

    /** The stored JSON value of a result, for display. */
    public JsonNode readJson(String ref) {
        return readNode(ref).get("value");
    }

    private JsonNode readNode(String ref) {
        Objects.requireNonNull(ref, "ref");
        if (!ref.startsWith(SCHEME)) {
            throw new OrionException("unknown result reference '" + ref + "'; expected " + SCHEME + "<file>");
        }
        Path path = dir.resolve(ref.substring(SCHEME.length()));
        try {
            return mapper.readTree(path.toFile());
        } catch (IOException e) {
            throw new OrionException("could not read the result " + ref + " from " + path + ": " + e.getMessage(), e);
        }
    }

    private void ensureDir() throws IOException {
        if (!dirReady) {
            Files.createDirectories(dir);
            dirReady = true;
        }
    }
}
