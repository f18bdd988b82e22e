package dev.orion.host.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.orion.api.OrionException;
import dev.orion.host.OrionSettings;
import dev.orion.host.store.Database;
import dev.orion.host.util.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Map;
import java.util.Objects;

/**
 * What every command gets: the environment it runs in, where to print, and the settings
 * derived from the environment (read on first use, so a command that needs no settings
 * is not stopped by a bad one). One per CLI invocation; not thread-safe.
 */
final class CliContext {

    private static final ObjectWriter JSON = Json.MAPPER.writerWithDefaultPrettyPrinter();

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;
    private OrionSettings settings;

    CliContext(Map<String, String> env, PrintWriter out, PrintWriter err) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    /** Whether {@code ORION_DEBUG} asks for stack traces. */
    boolean debug() {
        String value = env.getOrDefault("ORION_DEBUG", "");
        return !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false");
    }

    /** The environment the command runs in. */
    Map<String, String> env() {
        return env;
    }

    OrionSettings settings() {
        if (settings == null) {
            settings = OrionSettings.fromMap(env);
        }
        return settings;
    }

    /** Opens and migrates the database of the settings, creating {@code ORION_HOME} first if missing. */
    Database openDatabase() {
        return openDatabase(settings());
    }

    /** Opens and migrates the database of {@code settings}, creating {@code ORION_HOME} first if missing. */
    static Database openDatabase(OrionSettings settings) {
        try {
            Files.createDirectories(settings.home());
        } catch (IOException e) {
            throw new OrionException("cannot create ORION_HOME at " + settings.home() + ": " + e
                    + "; set ORION_HOME to a writable folder", e);
        }
        return Database.open(settings.databaseUrl());
    }

    /** Prints a value as indented JSON on stdout. */
    void printJson(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new OrionException("could not write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
