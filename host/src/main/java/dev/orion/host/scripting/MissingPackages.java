package dev.orion.host.scripting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;

/**
 * Explains a script's failed import of a package: which package, where in the flow
 * ({@code file:line}), and what to do. GraalJS says only "Module not found: 'x'" (without a line
 * for an {@code import}), or "Cannot load module" for a Node.js built-in it does not have; GraalPy
 * says "No module named 'x'". Stateless.
 */
final class MissingPackages {

    private static final Pattern JS = Pattern.compile(
            "(Module not found|Cannot load module|Unsupported package exports): '([^']+)'");
    private static final Pattern PYTHON = Pattern.compile("ModuleNotFoundError: No module named '([^']+)'");

    /** Node.js's built-in modules, which GraalJS outside Node does not provide. */
    private static final Set<String> NODE_BUILTINS = Set.of("assert", "async_hooks", "buffer", "child_process",
            "cluster", "console", "constants", "crypto", "dgram", "diagnostics_channel", "dns", "domain", "events", "fs",
            "http", "http2", "https", "inspector", "module", "net", "os", "path", "perf_hooks", "process", "punycode",
            "querystring", "readline", "repl", "stream", "string_decoder", "sys", "timers", "tls", "trace_events", "tty",
            "url", "util", "v8", "vm", "wasi", "worker_threads", "zlib");

    /** What went wrong ({@code text}) and the flow's line it started from. */
    record Explained(Path file, int line, String text) {

        String where() {
            return line > 0 ? file + ":" + line : file.toString();
        }

        /** A script frame at the flow's line, so a task's failure names it first. */
        StackTraceElement frame(String language) {
            return new StackTraceElement("<" + language + ">", "<import>", file.toString(), line);
        }
    }

    private MissingPackages() {
    }

    /** Whether {@code e} says a JavaScript package or built-in module could not be found. */
    static boolean isImportFailure(PolyglotException e) {
        Matcher js = JS.matcher(e.getMessage() == null ? "" : e.getMessage());
        return js.find() && !js.group(1).startsWith("Unsupported");
    }

    /** The explanation when {@code e} is a failed import of a package, else empty. */
    static Optional<Explained> explain(PolyglotException e, Path file, StackTraceElement[] frames) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        Matcher js = JS.matcher(message);
        if (js.find()) {
            return javascript(js.group(1), js.group(2), e, file, frames);
        }
        Matcher py = PYTHON.matcher(message);
        if (py.find()) {
            String name = py.group(1);
            int line = line(e, file, frames, List.of("import " + name, "from " + name, "import " + name.split("\\.")[0]));
            return Optional.of(new Explained(file, line, "cannot find Python package '" + name + "': put it in "
                    + PythonPackages.FOLDER + "/ beside the flow (pip install --target " + PythonPackages.FOLDER + " "
                    + name.split("\\.")[0] + ") or name its folder or virtual environment in " + PythonPackages.SETTING));
        }
        return Optional.empty();
    }

    private static Optional<Explained> javascript(String kind, String name, PolyglotException e, Path file,
            StackTraceElement[] frames) {
        if (name.startsWith(".") || name.startsWith("/")) {
            return Optional.empty(); // a file of the flow's own, not a package
        }
        String pkg = NpmImports.packageName(name.startsWith("node:") ? name.substring(5) : name);
        String needing = frames.length > 0 ? packageOf(frames[0].getFileName()) : null;
        int line = line(e, file, frames, needing == null ? List.of("\"" + name + "\"", "'" + name + "'")
                : List.of("\"" + name + "\"", "'" + name + "'", "\"" + needing, "'" + needing));
        if (name.startsWith("node:") || NODE_BUILTINS.contains(pkg)) {
            String who = needing != null ? "npm package '" + needing + "' needs" : "the flow needs";
            return Optional.of(new Explained(file, line, who + " Node.js's built-in module '" + pkg + "', which Orion "
                    + "does not provide (JavaScript flows run on GraalJS, without Node's APIs); use a package that works "
                    + "without Node's built-ins, or do that work in a Java or Python task"));
        }
        if (kind.startsWith("Unsupported")) {
            return Optional.of(new Explained(file, line, "npm package '" + pkg + "' is an ES module whose package.json "
                    + "\"exports\" GraalJS cannot resolve; import its entry file by path (\"./node_modules/" + pkg
                    + "/...\")"));
        }
        String looked = NpmImports.nodeModules(file).map(p -> " (Orion looked in " + p + ")")
                .orElse(" (there is no node_modules folder beside the flow or above it)");
        String prefix = needing != null ? "npm package '" + needing + "' needs " : "";
        return Optional.of(new Explained(file, line, prefix + "cannot find npm package '" + pkg + "'" + looked
                + ": run npm install " + pkg + " in the flow's folder"));
    }

    /** The package a file of {@code node_modules} belongs to, or null. */
    private static String packageOf(String path) {
        if (path == null) {
            return null;
        }
        int at = path.lastIndexOf("node_modules/");
        return at < 0 ? null : NpmImports.packageName(path.substring(at + "node_modules/".length()));
    }

    /** The flow's line: from the script's frames, else the error's location, else the first line naming it. */
    private static int line(PolyglotException e, Path file, StackTraceElement[] frames, List<String> needles) {
        String shown = file.toString();
        for (StackTraceElement f : frames) {
            if (shown.equals(f.getFileName()) && f.getLineNumber() > 0) {
                return f.getLineNumber();
            }
        }
        SourceSection at = e.getSourceLocation();
        if (at != null && at.getSource().getPath() != null
                && Path.of(at.getSource().getPath()).toAbsolutePath().equals(file.toAbsolutePath())) {
            return at.getStartLine();
        }
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String text = lines.get(i).strip();
                for (String needle : needles) {
                    if (text.contains(needle)) {
                        return i + 1;
                    }
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // no line then: the file alone still says where
        }
        return 0;
    }
}
