package dev.orion.host.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.host.server.ApiJson;
import dev.orion.host.server.ApiRoutes;
import dev.orion.host.server.InvalidRequestException;
import dev.orion.host.server.NotFoundException;
import dev.orion.host.server.Requests;
import dev.orion.host.server.ServerContext;
import dev.orion.host.store.BlockStore;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/**
 * The block endpoints a Prefect client uses to persist results: block types by slug, block
 * schemas by checksum, block documents. Orion stores what the client sends and answers in
 * Prefect's shapes; the block types Prefect's server registers at start-up that the client
 * looks up (local-file-system) are seeded from {@code builtin-blocks.json}.
 */
public final class BlocksApi implements ApiRoutes {

    private final ServerContext ctx;

    public BlocksApi(ServerContext ctx) {
        this.ctx = ctx;
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
            body.remove(java.util.List.of("id", "created", "updated"));
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
            body.remove(java.util.List.of("id", "created", "updated", "block_type_id", "block_type"));
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
                throw new dev.orion.host.server.ConflictException("a block document named '" + name
                        + "' of this block type exists; choose another name");
            }
            JsonNode data = body.has("data") ? body.get("data") : ApiJson.MAPPER.createObjectNode();
            Requests.json(c, 201, document(ctx.blocks().createDocument(name, typeId, schemaId, data.toString(), anonymous)));
        });
        routes.get("/api/block_documents/{id}", c -> {
            UUID id = Requests.id(c, "id");
            Requests.ok(c, document(ctx.blocks().document(id).orElseThrow(() -> new NotFoundException("block document", id))));
        });
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

    private ObjectNode document(BlockStore.Stored d) {
        ObjectNode out = header(d);
        ObjectNode type = ctx.blocks().type(d.ref1()).map(BlocksApi::type).orElse(null);
        out.put("name", d.key());
        out.set("data", ApiJson.tree(d.body()));
        out.put("block_schema_id", d.ref2().toString());
        out.set("block_schema", ctx.blocks().schema(d.ref2()).map(this::schema).orElse(null));
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
            var md = java.security.MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(md.digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
