package dev.orion.host.scripting;

import dev.orion.api.spi.RunScopes;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A guest context's standard output or error: each line a script prints inside a run
 * ({@code console.log}, {@code print}) goes to that run's log; outside a run it goes to the
 * process's stream. A context is used by one thread at a time, and a line is flushed on its
 * newline, so lines of concurrent runs never mix. Thread-safe.
 */
final class ScriptOutput extends OutputStream {

    private final boolean error;
    private final PrintStream fallback;
    private final ThreadLocal<ByteArrayOutputStream> lines = ThreadLocal.withInitial(ByteArrayOutputStream::new);

    ScriptOutput(boolean error) {
        this.error = error;
        this.fallback = error ? System.err : System.out;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (RunScopes.current().isEmpty()) {
            fallback.write(b, off, len);
            return;
        }
        ByteArrayOutputStream buffer = lines.get();
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                emit(buffer);
            } else {
                buffer.write(b[i]);
            }
        }
    }

    private void emit(ByteArrayOutputStream buffer) {
        String line = buffer.toString(StandardCharsets.UTF_8);
        buffer.reset();
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        var logger = RunScopes.current().map(s -> s.logger()).orElse(null);
        if (logger == null) {
            fallback.println(line);
        } else if (error) {
            logger.error(line);
        } else {
            logger.info(line);
        }
    }

    @Override
    public void flush() {
        if (RunScopes.current().isEmpty()) {
            fallback.flush();
        }
    }
}
