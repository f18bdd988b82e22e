package dev.orion.plugins.groovy;

import dev.orion.api.scripting.ScriptLanguage;
import groovy.lang.GroovyClassLoader;
import java.util.Set;
import javax.script.ScriptEngine;
import org.codehaus.groovy.jsr223.GroovyScriptEngineImpl;
import org.pf4j.Extension;

/**
 * Groovy flows ({@code .groovy}) through Groovy's own JSR-223 engine. Each script gets an
 * engine whose class loader is a child of this plugin's, so the Groovy runtime bundled in the
 * plugin jar (and the classes scripts compile to) never mix with the host's classes.
 * Thread-safe.
 */
@Extension
public class GroovyLanguage implements ScriptLanguage {

    @Override
    public String name() {
        return "Groovy";
    }

    @Override
    public Set<String> extensions() {
        return Set.of("groovy");
    }

    @Override
    public ScriptEngine newEngine() {
        return new GroovyScriptEngineImpl(new GroovyClassLoader(GroovyLanguage.class.getClassLoader()));
    }

    /** Groovy's engine declares itself MULTITHREADED: closures may be called on any thread. */
    @Override
    public boolean threadSafe() {
        return true;
    }
}
