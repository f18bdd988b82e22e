package dev.orion.host.scripting;

import java.nio.file.Path;
import java.util.Set;

/**
 * A language the host runs scripts in: evaluates a file and returns the flows and tasks it
 * defines. Built in: JavaScript and Python on GraalVM Polyglot, and every JSR-223 engine on the
 * class path. Implementations are thread-safe.
 */
public interface ScriptLanguage extends AutoCloseable {

    /** A name for messages, e.g. {@code "JavaScript"}. */
    String name();

    /** The file extensions it runs, without the dot, lower case. */
    Set<String> extensions();

    /**
     * Evaluates {@code file} and collects what it defines.
     *
     * @throws ScriptLoadException for a syntax error or an error while the script's top level runs
     */
    ScriptModule load(Path file, ScriptHost host);

    /** Releases every context and engine the language made. */
    @Override
    void close();
}
