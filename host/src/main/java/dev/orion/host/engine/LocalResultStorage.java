package dev.orion.host.engine;

import dev.orion.api.ResultStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.UUID;

/**
 * The built-in result storage {@code "local"}: one file per result under a directory
 * ({@code $ORION_HOME/storage}), its key the file name. Thread-safe.
 */
public final class LocalResultStorage implements ResultStorage {

    public static final String NAME = "local";

    private final Path dir;
    private volatile boolean dirReady;

    public LocalResultStorage(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    public Path dir() {
        return dir;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String write(byte[] document, boolean durable) throws IOException {
        String file = UUID.randomUUID() + ".json";
        if (!dirReady) {
            Files.createDirectories(dir);
            dirReady = true;
        }
        try (FileChannel ch = FileChannel.open(dir.resolve(file), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(document));
            if (durable) {
                ch.force(true);
            }
        }
        return file;
    }

    @Override
    public byte[] read(String key) throws IOException {
        Path path = dir.resolve(key).normalize();
        if (!path.startsWith(dir.normalize())) {
            throw new IOException("result key '" + key + "' points outside " + dir);
        }
        return Files.readAllBytes(path);
    }
}
