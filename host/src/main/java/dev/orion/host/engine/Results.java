package dev.orion.host.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.api.OrionException;
import dev.orion.api.ResultSerializer;
import dev.orion.api.ResultStorage;
import dev.orion.host.secrets.SecretMask;
import java.io.IOException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Results as JSON documents in named {@link ResultStorage}s: the built-in {@code "local"} one
 * and any a plugin contributes. A document says which serializer wrote it and which storage holds
 * it: {@code {"serializer": "json", "storage": "local", "value": <json>}}, or for a value a registered
 * {@link ResultSerializer} accepts, {@code {"serializer": NAME, ..., "value": "<its text>"}}. Reading
 * never loads a class the document names (any API client can write a state's result reference):
 * a JSON value comes back bound to the type the reading code declares (a Java task's result type),
 * else as JSON values (maps, lists, strings, numbers, booleans; a few JDK number types by a fixed
 * name, {@link #NUMBER_TYPES}); other typed values only through the serializer of the stored name
 * that the host or a plugin registered. A result reference is {@code <storage name>:<key>},
 * so it is read back from the storage that wrote it whatever the default is now. Thread-safe.
 */
public final class Results {

    /** The serializer of results no registered serializer accepts. */
    public static final String JSON = "json";

    /**
     * Number types kept by a fixed name beside a JSON value, so that a Java task's {@code long} comes
     * back a {@code Long}: the only types a document may name, and never as a class name.
     */
    public static final Map<String, Class<?>> NUMBER_TYPES = Map.of("long", Long.class, "short", Short.class,
            "byte", Byte.class, "float", Float.class, "decimal", BigDecimal.class,
            "biginteger", BigInteger.class);

    /** The prefix of references to the built-in local storage. */
    public static final String SCHEME = LocalResultStorage.NAME + ":";

    private final Map<String, ResultStorage> storages;
    private final String defaultName;
    private final ObjectMapper mapper;
    private volatile SecretMask mask = new SecretMask();
    private final List<ResultSerializer> serializers;

    /** Results with only the JSON serializer. */
    public Results(Collection<? extends ResultStorage> storages, String defaultName, ObjectMapper mapper) {
        this(storages, defaultName, mapper, List.of());
    }

    /**
     * @param storages    every storage, by name; must include {@code defaultName}
     * @param defaultName where results of flows that name no storage go
     * @param serializers the registered serializers, in the order they are asked whether they accept a value
     */
    public Results(Collection<? extends ResultStorage> storages, String defaultName, ObjectMapper mapper,
                   List<? extends ResultSerializer> serializers) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.serializers = List.copyOf(serializers);
        Map<String, ResultStorage> byName = new LinkedHashMap<>();
        for (ResultStorage s : storages) {
            byName.putIfAbsent(s.name(), s);
        }
        this.storages = Map.copyOf(byName);
        this.defaultName = Objects.requireNonNull(defaultName, "defaultName");
        storage(defaultName);
    }

    /** Only the local storage, in {@code dir}. */
    public Results(Path dir, ObjectMapper mapper) {
        this(List.of(new LocalResultStorage(dir)), LocalResultStorage.NAME, mapper);
    }

    /** The names of the storages results can go to. */
    public Set<String> names() {
        return storages.keySet();
    }

    /** The storage of that name (null for the default). */
    public ResultStorage storage(String name) {
        String n = name == null ? defaultName : name;
        ResultStorage s = storages.get(n);
        if (s == null) {
            throw new OrionException("no result storage named '" + n + "'; the storages are " + storages.keySet().stream()
                    .sorted().toList() + " (a plugin adds others; set ORION_RESULT_STORAGE or the flow's resultStorage)");
        }
        return s;
    }

    /**
     * Writes a result to the default storage and returns its reference.
     *
     * @param durable the result must survive a crash once this returns
     */
    public String write(Object value, boolean durable) {
        return write(value, durable, null);
    }

    /** Writes a result to the storage of that name (null for the default) and returns its reference. */
    public String write(Object given, boolean durable, String storageName) {
        Object value = mask.apply(given, mapper);
        ResultStorage storage = storage(storageName);
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(document(value, storage.name()));
        } catch (IOException | IllegalArgumentException e) {
            throw new OrionException("could not store the result (" + (value == null ? "null"
                    : value.getClass().getName()) + ") as JSON: " + e.getMessage()
                    + "; return a JSON-serializable value or turn result persistence off", e);
        }
        try {
            return storage.name() + ":" + storage.write(bytes, durable);
        } catch (IOException | RuntimeException e) {
            throw new OrionException("result storage '" + storage.name() + "' could not store a result: " + e, e);
        }
    }

    /**
     * Persists a result in the storage of that name (null for the default), except that a small
     * result bound for the local storage is kept in its state instead ({@link #inline}): a local
     * file is on this machine only, and a cached result, or one a retried run reuses, must be
     * readable by a worker on another machine too.
     */
    public String persist(Object value, boolean durable, String storageName) {
        if (storage(storageName) instanceof LocalResultStorage) {
            String inline = inline(value);
            if (inline != null) {
                return inline;
            }
        }
        return write(value, durable, storageName);
    }

    /** Masks the secret values runs read in every result written from now on. */
    public Results mask(SecretMask value) {
        this.mask = Objects.requireNonNull(value, "value");
        return this;
    }

    /** Reads a result back as a JSON value (or what its registered serializer reads); {@code loader} is not used. */
    public Object read(String ref, ClassLoader loader) {
        return read(ref, (Type) Object.class);
    }

    /**
     * Reads a result back: the value its registered serializer reads, else its JSON value bound to
     * {@code expected}, the type the reading code declares (a task's or flow's result type), or as
     * plain JSON values when it declares none. No class is ever loaded by a name the document holds.
     */
    public Object read(String ref, Type expected) {
        JsonNode node = readNode(ref);
        JsonNode value = node.get("value");
        String serializer = node.path("serializer").asText(JSON);
        if (!serializer.equals(JSON)) {
            ResultSerializer s = serializers.stream().filter(x -> x.name().equals(serializer)).findFirst()
                    .orElseThrow(() -> new OrionException("the result " + ref + " was written by the serializer '"
                            + serializer + "', which no plugin here registers; add its plugin to ORION_PLUGINS_DIR"));
            try {
                return s.deserialize(value.asText());
            } catch (IOException | RuntimeException e) {
                throw new OrionException("serializer '" + serializer + "' could not read the result " + ref + ": "
                        + e.getMessage(), e);
            }
        }
        if (expected != null && expected != Object.class && value != null && !value.isNull()) {
            try {
                return mapper.convertValue(value, mapper.constructType(expected));
            } catch (IllegalArgumentException e) {
                // not of the declared type after all (a result written by other code): plain JSON below
            }
        }
        Class<?> number = NUMBER_TYPES.get(node.path("number").asText(""));
        if (number != null && value != null && value.isNumber()) {
            return mapper.convertValue(value, number);
        }
        return mapper.convertValue(value, Object.class);
    }

    /** The document of a value: which serializer wrote it, where it is kept, and the value. */
    private ObjectNode document(Object value, String storageName) throws IOException {
        ObjectNode node = mapper.createObjectNode();
        ResultSerializer s = value == null ? null
                : serializers.stream().filter(x -> x.accepts(value)).findFirst().orElse(null);
        node.put("serializer", s == null ? JSON : s.name());
        node.put("storage", storageName);
        if (s != null) {
            node.put("value", s.serialize(value));
            return node;
        }
        NUMBER_TYPES.forEach((name, type) -> {
            if (type.isInstance(value)) {
                node.put("number", name);
            }
        });
        node.set("value", mapper.valueToTree(value));
        return node;
    }

    /** The stored JSON value of a result, for display. */
    public JsonNode readJson(String ref) {
        return readNode(ref).get("value");
    }

    /** Results this small are kept in the state itself ({@code inline:JSON}) rather than in a storage. */
    public static final int INLINE_MAX_BYTES = 1_024;
    public static final String INLINE = "inline:";

    /**
     * The reference of a small result kept inline in its state, or null when it is larger (or
     * not JSON): a task run that completed keeps its result even without result persistence, so
     * a retried flow run reuses it instead of running the task again.
     */
    public String inline(Object given) {
        Object value = mask.apply(given, mapper);
        try {
            String json = mapper.writeValueAsString(document(value, "inline"));
            return json.length() <= INLINE_MAX_BYTES ? INLINE + json : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private JsonNode readNode(String ref) {
        Objects.requireNonNull(ref, "ref");
        if (ref.startsWith(INLINE)) {
            try {
                return mapper.readTree(ref.substring(INLINE.length()));
            } catch (IOException e) {
                throw new OrionException("unreadable inline result " + ref + ": " + e.getMessage(), e);
            }
        }
        int colon = ref.indexOf(':');
        if (colon <= 0) {
            throw new OrionException("unknown result reference '" + ref + "'; expected <storage>:<key>");
        }
        ResultStorage storage = storage(ref.substring(0, colon));
        try {
            return mapper.readTree(storage.read(ref.substring(colon + 1)));
        } catch (IOException | RuntimeException e) {
            throw new OrionException("could not read the result " + ref + " from storage '" + storage.name() + "': "
                    + e.getMessage() + (storage instanceof LocalResultStorage
                            ? " (the local storage is on the machine that wrote it; workers on several machines need a "
                                    + "shared result storage, from a plugin, for results over " + INLINE_MAX_BYTES + " bytes)"
                            : ""), e);
        }
    }
}
