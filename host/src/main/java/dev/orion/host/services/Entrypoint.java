package dev.orion.host.services;

import dev.orion.api.OrionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a deployment's or run's flow comes from, as the API stores it: a flow a plugin ships
 * ({@code flow:NAME}) or a file under the flows root ({@code ORION_FLOWS_DIR}, which each worker
 * sets for itself), named relative to it, optionally with the flow's name ({@code etl/Etl.java:etl}).
 * Nothing a request says may name a file elsewhere: absolute paths and {@code ..} are refused by
 * the API and again by the worker before it loads anything ({@link #resolve(Path)}), and a symbolic
 * link out of the root is refused when the file is opened. Immutable.
 *
 * @param pluginFlow the plugin flow's name, or empty for a file
 * @param file       the file relative to the flows root, '/'-separated (empty for a plugin flow)
 * @param flowName   the flow's name in the file, or empty for the file's only or default flow
 */
public record Entrypoint(Optional<String> pluginFlow, String file, Optional<String> flowName) {

    /** The prefix of a plugin flow's entrypoint. */
    public static final String PLUGIN_FLOW = "flow:";

    /** A refused entrypoint: what was wrong and what to give instead. */
    public static final class InvalidEntrypointException extends OrionException {
        InvalidEntrypointException(String message) {
            super(message);
        }
    }

    /** Reads and checks an entrypoint; throws {@link InvalidEntrypointException} for one that names a file outside the root. */
    public static Entrypoint parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.startsWith(PLUGIN_FLOW)) {
            String name = text.substring(PLUGIN_FLOW.length());
            if (name.isBlank()) {
                throw new InvalidEntrypointException("entrypoint '" + text + "' names no flow; give flow:NAME");
            }
            return new Entrypoint(Optional.of(name), "", Optional.empty());
        }
        if (text.matches("^[A-Za-z]:.*")) {
            throw refused(text);
        }
        int colon = text.lastIndexOf(':');
        String file = colon > 0 ? text.substring(0, colon) : text;
        Optional<String> flow = colon > 0 ? Optional.of(text.substring(colon + 1)).filter(s -> !s.isEmpty()) : Optional.empty();
        String normal = file.replace('\\', '/');
        boolean absolute = normal.startsWith("/") || normal.startsWith("~") || normal.matches("^[A-Za-z]:.*");
        boolean climbs = ("/" + normal + "/").contains("/../");
        if (normal.isBlank() || absolute || climbs || normal.indexOf('\0') >= 0 || text.indexOf(':') != colon) {
            throw refused(text);
        }
        return new Entrypoint(Optional.empty(), normal, flow);
    }

    private static InvalidEntrypointException refused(String text) {
        return new InvalidEntrypointException("entrypoint '" + text + "' is refused: give flow:NAME or a file "
                + "relative to the workers' flows root (ORION_FLOWS_DIR), without '..' or an absolute path, "
                + "e.g. etl/Etl.java:etl");
    }

    /**
     * The entrypoint of {@code file} under {@code root}: its path relative to the root, with the flow's
     * name when given. Throws when the file is not under the root.
     */
    public static String of(Path root, Path file, String flowName) {
        Path r = root.toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        if (!f.startsWith(r)) {
            throw new InvalidEntrypointException(file + " is outside the flows root " + r + ": workers load only files "
                    + "under their flows root; move it there or set ORION_FLOWS_DIR (on the workers too)");
        }
        String relative = r.relativize(f).toString().replace('\\', '/');
        return relative + (flowName == null ? "" : ":" + flowName);
    }

    /** The file this entrypoint names under {@code root}, checked again; throws for one outside it. */
    public Path resolve(Path root) {
        if (pluginFlow.isPresent()) {
            throw new IllegalStateException("a plugin flow has no file");
        }
        Path r = root.toAbsolutePath().normalize();
        Path f = r.resolve(file).normalize();
        if (!f.startsWith(r)) {
            throw new InvalidEntrypointException("entrypoint '" + file + "' points outside the flows root " + r);
        }
        if (Files.exists(f)) {
            try {
                Path real = f.toRealPath();
                if (!real.startsWith(r.toRealPath())) {
                    throw new InvalidEntrypointException("entrypoint '" + file + "' is a link to " + real
                            + ", outside the flows root " + r);
                }
            } catch (IOException e) {
                throw new OrionException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        return f;
    }
}
