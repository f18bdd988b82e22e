package dev.orion.api;

import java.io.IOException;
import org.pf4j.ExtensionPoint;

/**
 * Where results go: the engine turns each persisted result into a JSON document and hands
 * its bytes to a storage, which returns a key; the state then carries the reference
 * {@code NAME:KEY}, so a result is read back from the storage that wrote it. Built in:
 * {@code "local"}, one file per result under {@code $ORION_HOME/storage}. A flow picks a
 * storage with {@link Flow#withResultStorage(String)}; {@code ORION_RESULT_STORAGE} sets the
 * default. Implementations are thread-safe.
 */
public interface ResultStorage extends ExtensionPoint {

    /** The name flows select this storage by, and the scheme of its references. No colon. */
    String name();

    /**
     * Stores one result document and returns a key that finds it again.
     *
     * @param document the result as UTF-8 JSON
     * @param durable  whether it must survive a crash once this returns (a flow run's final result)
     */
    String write(byte[] document, boolean durable) throws IOException;

    /** The document stored under {@code key}. */
    byte[] read(String key) throws IOException;
}
