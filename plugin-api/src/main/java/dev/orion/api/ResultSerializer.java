package dev.orion.api;

import java.io.IOException;
import org.pf4j.ExtensionPoint;

/**
 * Turns results of the types it knows into text and back, for results that should come back
 * as their own type (a cached task's, a retried run's) rather than as JSON values. A stored
 * result names the serializer that wrote it; reading it uses the serializer of that name that
 * the host or a plugin registers, never a class the stored document names. Results no serializer
 * claims are stored as JSON and come back as JSON values (maps, lists, strings, numbers,
 * booleans). Implementations are thread-safe.
 */
public interface ResultSerializer extends ExtensionPoint {

    /** The name stored with each result it writes. Unique; not {@code "json"}. */
    String name();

    /** Whether it writes this value (checked in registration order; the first that accepts writes it). */
    boolean accepts(Object value);

    /** The value as text. */
    String serialize(Object value) throws IOException;

    /** A value from the text {@link #serialize} wrote. */
    Object deserialize(String text) throws IOException;
}
