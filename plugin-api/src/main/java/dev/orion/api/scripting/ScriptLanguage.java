package dev.orion.api.scripting;

import java.util.Set;
import javax.script.ScriptEngine;
import org.pf4j.ExtensionPoint;

/**
 * A language the host can run flows from files in, through the JSR-223
 * ({@code javax.script}) engine the plugin brings. The host evaluates the file in a fresh
 * engine with a binding {@code orion} through which the script defines its tasks and flows,
 * exactly as for a JSR-223 engine on the host's class path:
 *
 * <pre>{@code
 * def add = orion.task("add") { a, b -> a + b }
 * orion.flow("sum") { n -> (1..n).sum() }
 * }</pre>
 *
 * The engine and everything it loads stay in the plugin's class loader, so a plugin may
 * bundle any version of its language runtime. Implementations are thread-safe.
 */
public interface ScriptLanguage extends ExtensionPoint {

    /** A name for messages and {@code plugins ls}, e.g. {@code "Groovy"}. */
    String name();

    /** The file extensions it runs, without the dot, lower case, e.g. {@code groovy}. */
    Set<String> extensions();

    /**
     * A new engine for one script file. Create it with the plugin's own class loader (not the
     * thread's context class loader, which is the host's).
     */
    ScriptEngine newEngine();

    /** Whether one engine may evaluate on several threads at once (its factory's {@code THREADING}). */
    default boolean threadSafe() {
        return false;
    }
}
