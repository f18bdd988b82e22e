package dev.orion.host.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Lets one {@link Heavy} test class run at a time across every test JVM of the build: an
 * operating-system lock on {@code target/heavy-tests.lock}, held from before the class's first
 * test until after its last. A JVM that dies releases it. A class that {@link Heavy#mostlyWaits()}
 * takes no turn.
 */
public final class HeavyLock implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HeavyLock.class);
    private static final Path LOCK = Path.of("target", "heavy-tests.lock");

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Heavy heavy = context.getRequiredTestClass().getAnnotation(Heavy.class);
        if (heavy != null && heavy.mostlyWaits()) {
            return;
        }
        Files.createDirectories(LOCK.toAbsolutePath().getParent());
        FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock(); // blocks while a heavy class runs in another JVM
        context.getStore(NAMESPACE).put(context.getRequiredTestClass(), lock);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        FileLock lock = context.getStore(NAMESPACE).remove(context.getRequiredTestClass(), FileLock.class);
        if (lock == null) {
            return;
        }
        try {
            lock.release();
            lock.channel().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
