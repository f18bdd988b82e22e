package dev.orion.host.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.host.secrets.BlockData;
import dev.orion.host.secrets.SecretCipher;
import dev.orion.host.server.ApiJson;
import dev.orion.host.server.ApiKeyFilter;
import dev.orion.host.server.ApiRoutes;
import dev.orion.host.server.ConflictException;
import dev.orion.host.server.FilterRequest;
import dev.orion.host.server.ForbiddenException;
import dev.orion.host.server.InvalidRequestException;
import dev.orion.host.server.NotFoundException;
import dev.orion.host.server.Requests;
import dev.orion.host.server.ServerContext;
import dev.orion.host.store.BlockStore;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The block endpoints a Prefect client uses to persist results: block types by slug, block
 * schemas by checksum, block documents. Orion stores what the client sends and answers in
 * Prefect's shapes; the block types Prefect's server registers at start-up that the client
 * looks up (local-file-system) are seeded from {@code builtin-blocks.json}.
 */
public final class BlocksApi implements ApiRoutes {

    private final ServerContext ctx;
    private final BlockData data;

    public BlocksApi(ServerContext ctx) {
        this.ctx = ctx;
        this.data = new BlockData(SecretCipher.fromEnvironment(ctx.settings().home()));
    }

    /** Stores the built-in block types and schemas that are missing. */
    public void seed() {
        try (InputStream in = BlocksApi.class.getResourceAsStream("/dev/orion/host/server/builtin-blocks.json")) {
            JsonNode root = ApiJson.MAPPER.readTree(in);
            for (JsonNode entry : root.get("block_types")) {
                String slug = entry.get("type").get("slug").asText();
                BlockStore.Stored type = ctx.blocks().typeBySlug(slug)
                        .orElseGet(() -> ctx.blocks().saveType(slug, entry.get("type").toString()));
                for (JsonNode schema : entry.get("schemas")) {
                    String checksum = schema.get("checksum").asText();
                    String version = schema.path("version").asText(null);
                    if (ctx.blocks().schemaByChecksum(checksum, version).isEmpty()) {
                        ctx.blocks().createSchema(checksum, version, type.id(), schema.toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("builtin-blocks.json is unreadable", e);
        }
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/block_types", c -> {
            ObjectNode body = object(c.body());
            String slug = text(body, "slug");
            body.remove(List.of("id", "created", "updated"));
            boolean exists = ctx.blocks().typeBySlug(slug).isPresent();
            Requests.json(c, exists ? 200 : 201, type(ctx.blocks().saveType(slug, body.toString())));
        });
        routes.get("/api/block_types/slug/{slug}", c -> {
            String slug = c.pathParam("slug");
            Requests.ok(c, type(ctx.blocks().typeBySlug(slug).orElseThrow(() -> new NotFoundException("block type", slug))));
        });
        routes.get("/api/block_types/{id}", c -> Requests.ok(c, type(typeById(Requests.id(c, "id")))));
        routes.post("/api/block_types/filter", c -> Requests.ok(c,
                ctx.blocks().types().stream().map(BlocksApi::type).toList()));
        routes.post("/api/block_schemas", c -> {
            ObjectNode body = object(c.body());
            UUID typeId = uuid(body, "block_type_id");
            typeById(typeId);
            String checksum = body.hasNonNull("checksum") ? body.get("checksum").asText()
                    : "sha256:" + sha256(body.path("fields").toString());
            String version = body.path("version").asText(null);
            var existing = ctx.blocks().schemaByChecksum(checksum, version);
            if (existing.isPresent()) {
                Requests.ok(c, schema(existing.get()));
                return;
            }
            body.remove(List.of("id", "created", "updated", "block_type_id", "block_type"));
            body.put("checksum", checksum);
            Requests.json(c, 201, schema(ctx.blocks().createSchema(checksum, version, typeId, body.toString())));
        });
        routes.get("/api/block_schemas/checksum/{checksum}", c -> {
            String checksum = c.pathParam("checksum");
            Requests.ok(c, schema(ctx.blocks().schemaByChecksum(checksum, c.queryParam("version"))
                    .or(() -> ctx.blocks().schemaByChecksum(checksum, null))
                    .orElseThrow(() -> new NotFoundException("block schema with checksum", checksum))));
        });
        routes.get("/api/block_schemas/{id}", c -> {
            UUID id = Requests.id(c, "id");
            Requests.ok(c, schema(ctx.blocks().schema(id).orElseThrow(() -> new NotFoundException("block schema", id))));
        });
        routes.post("/api/block_documents", c -> {
            ObjectNode body = object(c.body());
            UUID typeId = uuid(body, "block_type_id");
            UUID schemaId = uuid(body, "block_schema_id");
            typeById(typeId);
            ctx.blocks().schema(schemaId).orElseThrow(() -> new NotFoundException("block schema", schemaId));
            boolean anonymous = body.path("is_anonymous").asBoolean(false);
            String name = body.hasNonNull("name") ? body.get("name").asText() : null;
            if (name == null) {
                if (!anonymous) {
                    throw new InvalidRequestException("a block document needs a 'name' unless it is anonymous");
                }
                name = "anonymous-" + UUID.randomUUID();
            }
            if (ctx.blocks().documentNamed(typeId, name).isPresent()) {
                throw new ConflictException("a block document named '" + name
                        + "' of this block type exists; choose another name");
            }
            JsonNode given = body.has("data") ? body.get("data") : ApiJson.MAPPER.createObjectNode();
            if (!given.isObject()) {
                throw new InvalidRequestException("'data' must be a JSON object");
            }
            Requests.json(c, 201, document(ctx.blocks().createDocument(name, typeId, schemaId, data.seal(name, given),
                    anonymous), false));
        });
        routes.get("/api/block_documents/{id}", c -> {
            UUID id = Requests.id(c, "id");
            Requests.ok(c, document(documentById(id), includeSecrets(c, c.queryParam("include_secrets"))));
        });
        routes.get("/api/block_types/slug/{slug}/block_documents/name/{name}", c -> {
            String slug = c.pathParam("slug");
            String name = c.pathParam("name");
            BlockStore.Stored doc = ctx.blocks().typeBySlug(slug).flatMap(t -> ctx.blocks().documentNamed(t.id(), name))
                    .orElseThrow(() -> new NotFoundException("block document of type '" + slug + "' named", name));
            Requests.ok(c, document(doc, includeSecrets(c, c.queryParam("include_secrets"))));
        });
        routes.patch("/api/block_documents/{id}", c -> {
            UUID id = Requests.id(c, "id");
            ObjectNode body = object(c.body());
            for (var it = body.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!Set.of("data", "merge_existing_data", "block_schema_id").contains(field)) {
                    throw new InvalidRequestException("unknown field '" + field + "'; known: block_schema_id, data, "
                            + "merge_existing_data");
                }
            }
            BlockStore.Stored doc = documentById(id);
            UUID schemaId = body.hasNonNull("block_schema_id") ? uuid(body, "block_schema_id") : null;
            if (schemaId != null) {
                ctx.blocks().schema(schemaId).orElseThrow(() -> new NotFoundException("block schema", schemaId));
            }
            if (!body.path("data").isObject()) {
                throw new InvalidRequestException("'data' must be a JSON object");
            }
            ObjectNode updated = body.path("merge_existing_data").asBoolean(true) ? data.open(doc) : ApiJson.MAPPER.createObjectNode();
            updated.setAll((ObjectNode) body.get("data"));
            ctx.blocks().updateDocument(id, schemaId, data.seal(doc.key(), updated));
            c.status(204);
        });
        routes.delete("/api/block_documents/{id}", c -> {
            UUID id = Requests.id(c, "id");
            if (!ctx.blocks().deleteDocument(id)) {
                throw new NotFoundException("block document", id);
            }
            c.status(204);
        });
        routes.post("/api/block_documents/filter", c -> {
            JsonNode body = ApiJson.tree(c.body());
            boolean secrets = includeSecrets(c, body.path("include_secrets").asText("false"));
            List<String> slugs = new ArrayList<>();
            body.path("block_types").path("slug").path("any_").forEach(n -> slugs.add(n.asText()));
            List<BlockStore.Stored> types = slugs.isEmpty() ? ctx.blocks().types()
                    : slugs.stream().flatMap(s -> ctx.blocks().typeBySlug(s).stream()).toList();
            int offset = body.path("offset").asInt(0);
            int limit = body.path("limit").asInt(FilterRequest.MAX_LIMIT);
            Requests.ok(c, types.stream().flatMap(t -> ctx.blocks().documentsOfType(t.id()).stream())
                    .skip(offset).limit(limit).map(d -> document(d, secrets)).toList());
        });
        routes.post("/api/block_schemas/filter", c -> {
            JsonNode body = ApiJson.tree(c.body());
            List<BlockStore.Stored> types = new ArrayList<>();
            body.path("block_schemas").path("block_type_id").path("any_").forEach(n -> {
                try {
                    ctx.blocks().type(UUID.fromString(n.asText())).ifPresent(types::add);
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException("block_schemas.block_type_id.any_ holds a non-UUID: " + n);
                }
            });
            Requests.ok(c, (types.isEmpty() ? ctx.blocks().types() : types).stream()
                    .flatMap(t -> ctx.blocks().schemasOfType(t.id()).stream()).map(this::schema).toList());
        });
    }

    /**
     * Whether an answer may show secret fields: only when asked, and never to a read-only key
     * (refused with 403, so a flow is not handed a masked value as if it were the secret).
     */
    private static boolean includeSecrets(io.javalin.http.Context c, String asked) {
        if (!"true".equalsIgnoreCase(asked)) {
            return false;
        }
        if (ApiKeyFilter.access(c) != ApiKeyFilter.Access.FULL) {
            throw new ForbiddenException("this API key is read-only: it may not read secret values "
                    + "(include_secrets=true); use ORION_API_KEY");
        }
        return true;
    }

    private BlockStore.Stored documentById(UUID id) {
        return ctx.blocks().document(id).orElseThrow(() -> new NotFoundException("block document", id));
    }

    private BlockStore.Stored typeById(UUID id) {
        return ctx.blocks().type(id).orElseThrow(() -> new NotFoundException("block type", id));
    }

    private static ObjectNode type(BlockStore.Stored t) {
        ObjectNode out = header(t);
        out.setAll(parse(t.body()));
        return out;
    }

    private ObjectNode schema(BlockStore.Stored s) {
        ObjectNode out = header(s);
        ObjectNode body = parse(s.body());
        out.put("checksum", s.key());
        out.set("fields", body.path("fields").isMissingNode() ? ApiJson.MAPPER.createObjectNode() : body.get("fields"));
        out.put("block_type_id", s.ref1().toString());
        out.set("block_type", ctx.blocks().type(s.ref1()).map(BlocksApi::type).orElse(null));
        out.set("capabilities", body.path("capabilities").isMissingNode() ? ApiJson.MAPPER.createArrayNode() : body.get("capabilities"));
        out.set("version", body.get("version"));
        return out;
    }

    private ObjectNode document(BlockStore.Stored d, boolean includeSecrets) {
        ObjectNode out = header(d);
        ObjectNode type = ctx.blocks().type(d.ref1()).map(BlocksApi::type).orElse(null);
        ObjectNode schema = ctx.blocks().schema(d.ref2()).map(this::schema).orElse(null);
        out.put("name", d.key());
        ObjectNode plain = data.open(d);
        if (!includeSecrets) {
            List<String> secretFields = new ArrayList<>();
            if (schema != null) {
                schema.path("fields").path("secret_fields").forEach(f -> secretFields.add(f.asText()));
            }
            plain = BlockData.masked(plain, secretFields);
        }
        out.set("data", plain);
        out.put("block_schema_id", d.ref2().toString());
        out.set("block_schema", schema);
        out.put("block_type_id", d.ref1().toString());
        out.set("block_type_name", type == null ? null : type.get("name"));
        out.set("block_type", type);
        out.set("block_document_references", ApiJson.MAPPER.createObjectNode());
        out.put("is_anonymous", d.flag());
        return out;
    }

    private static ObjectNode header(BlockStore.Stored s) {
        ObjectNode out = ApiJson.MAPPER.createObjectNode();
        out.put("id", s.id().toString());
        out.set("created", ApiJson.MAPPER.valueToTree(s.created()));
        out.set("updated", ApiJson.MAPPER.valueToTree(s.updated()));
        return out;
    }

    private static ObjectNode parse(String json) {
        return (ObjectNode) ApiJson.tree(json);
    }

    private static ObjectNode object(String body) {
        JsonNode n = ApiJson.tree(body);
        if (!(n instanceof ObjectNode o)) {
            throw new InvalidRequestException("the body must be a JSON object");
        }
        return o;
    }

    private static String text(ObjectNode body, String field) {
        if (!body.path(field).isTextual() || body.get(field).asText().isBlank()) {
            throw new InvalidRequestException("'" + field + "' is required");
        }
        return body.get(field).asText();
    }

    private static UUID uuid(ObjectNode body, String field) {
        try {
            return UUID.fromString(text(body, field));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("'" + field + "' must be a UUID, got " + body.get(field));
        }
    }

    private static String sha256(String s) {
        try {
            var md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
