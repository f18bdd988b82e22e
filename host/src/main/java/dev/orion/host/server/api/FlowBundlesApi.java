package dev.orion.host.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.server.ApiJson;
import dev.orion.host.server.ApiRoutes;
import dev.orion.host.server.InvalidRequestException;
import dev.orion.host.server.NotFoundException;
import dev.orion.host.server.Requests;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /api/flow_bundles/}: a flow's code (its source or script file) stored by the hash of its
 * content, so cluster members load the code of the task runs handed to them from the server rather
 * than from anything the cluster sends. A bundle is immutable: its name is its content's SHA-256.
 * Kept in {@code $ORION_HOME/bundles/HEX/NAME}. Thread-safe.
 */
public final class FlowBundlesApi implements ApiRoutes {

    /** Larger bundles are refused: a flow's source file is far smaller. */
    static final int MAX_BYTES = 8 * 1024 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");

    private final Path dir;

    public FlowBundlesApi(Path home) {
        this.dir = home.resolve("bundles");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/flow_bundles/", c -> {
            JsonNode body = ApiJson.tree(c.body());
            String name = body.path("name").asText("");
            if (!isName(name)) {
                throw new InvalidRequestException("a bundle's 'name' is a file name (letters, digits, '.', '_', '-'), "
                        + "got '" + name + "'");
            }
            byte[] content;
            try {
                content = Base64.getDecoder().decode(body.path("content").asText(""));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("a bundle's 'content' is base64: " + e.getMessage());
            }
            if (content.length == 0 || content.length > MAX_BYTES) {
                throw new InvalidRequestException("a bundle holds 1 to " + MAX_BYTES + " bytes, got " + content.length);
            }
            String hash = hash(content);
            store(hash, name, content);
            Requests.json(c, 201, Map.of("hash", hash, "name", name));
        });
        routes.get("/api/flow_bundles/{hash}", c -> {
            String hash = c.pathParam("hash");
            if (!isHash(hash)) {
                throw new InvalidRequestException("a bundle is named sha256:<64 hex digits>, got '" + hash + "'");
            }
            Path folder = dir.resolve(hash.substring("sha256:".length()));
            try (var files = Files.exists(folder) ? Files.list(folder) : null) {
                Path file = files == null ? null : files.filter(Files::isRegularFile).findFirst().orElse(null);
                if (file == null) {
                    throw new NotFoundException("flow bundle", hash);
                }
                Requests.ok(c, Map.of("hash", hash, "name", file.getFileName().toString(),
                        "content", Base64.getEncoder().encodeToString(Files.readAllBytes(file))));
            }
        });
    }

    /** Whether a bundle may have this name: a plain file name, nothing that reaches another folder. */
    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.contains("..");
    }

    /** Whether this is a bundle's hash, {@code sha256:} and 64 lower-case hex digits. */
    public static boolean isHash(String hash) {
        return hash != null && HASH.matcher(hash).matches();
    }

    /** {@code sha256:HEX} of the content. */
    public static String hash(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private void store(String hash, String name, byte[] content) {
        Path folder = dir.resolve(hash.substring("sha256:".length()));
        Path target = folder.resolve(name);
        if (Files.exists(target)) {
            return;
        }
        try {
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, ".upload", ".tmp");
            Files.write(tmp, content);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store flow bundle " + hash + ": " + e.getMessage(), e);
        }
    }

}
