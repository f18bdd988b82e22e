package dev.orion.host.engine;

import dev.orion.api.spi.RunScopes;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Replaces {@code System.out} once with a stream that sends each line printed inside a run of a
 * flow with {@code logPrints} to that run's log, and everything else to the original stream.
 * Lines are buffered per thread. Thread-safe.
 */
final class PrintCapture extends OutputStream {

    private static PrintStream original;

    private final ThreadLocal<ByteArrayOutputStream> lines = ThreadLocal.withInitial(ByteArrayOutputStream::new);

    private PrintCapture() {
    }

    /** Installs the capturing stream, once per JVM. */
    static synchronized void install() {
        if (original == null) {
            original = System.out;
            System.setOut(new PrintStream(new PrintCapture(), true, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        EngineScope scope = capturingScope();
        if (scope == null) {
            original.write(b, off, len);
            return;
        }
        ByteArrayOutputStream buffer = lines.get();
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                String line = buffer.toString(StandardCharsets.UTF_8);
                buffer.reset();
                scope.logger().info(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            } else {
                buffer.write(b[i]);
            }
        }
    }

    @Override
    public void flush() {
        if (capturingScope() == null) {
            original.flush();
        }
    }

    private static EngineScope capturingScope() {
        return RunScopes.current().orElse(null) instanceof EngineScope s && s.logPrints() ? s : null;
    }
}
