package dev.orion.host.cli;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.host.engine.EngineListener;
import dev.orion.host.store.LogRow;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live progress of {@code orion run} on a terminal: a status line (task runs completed,
 * running, failed, waiting; elapsed time) redrawn a few times a second, with the run's log
 * lines printed above it as they come. Thread-safe.
 */
final class RunProgress implements EngineListener, AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private final PrintWriter out;
    private final Map<UUID, StateType> tasks = new ConcurrentHashMap<>();
    private final long started = System.nanoTime();
    private final Thread painter;
    private volatile boolean closed;

    RunProgress(PrintWriter out) {
        this.out = out;
        this.painter = Thread.ofPlatform().daemon().name("orion-progress").start(this::paintLoop);
    }

    @Override
    public void stateChanged(UUID runId, RunKind kind, State state) {
        if (kind == RunKind.TASK) {
            tasks.put(runId, state.type());
        }
    }

    @Override
    public void logged(LogRow line) {
        synchronized (out) {
            out.print("\r\033[K");
            out.println(TIME.format(line.timestamp()) + " " + String.format("%-5s", line.level()) + " "
                    + line.logger() + " - " + line.message());
            out.print(status());
            out.flush();
        }
    }

    private void paintLoop() {
        while (!closed) {
            synchronized (out) {
                out.print("\r\033[K" + status());
                out.flush();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private String status() {
        int completed = 0;
        int running = 0;
        int failed = 0;
        int waiting = 0;
        for (StateType t : tasks.values()) {
            switch (t) {
                case COMPLETED -> completed++;
                case RUNNING -> running++;
                case FAILED, CRASHED, CANCELLED -> failed++;
                default -> waiting++;
            }
        }
        double secs = (System.nanoTime() - started) / 1e9;
        return String.format("task runs: %d completed, %d running, %d failed, %d waiting  [%.1fs]",
                completed, running, failed, waiting, secs);
    }

    @Override
    public void close() {
        closed = true;
        painter.interrupt();
        try {
            painter.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (out) {
            out.print("\r\033[K");
            out.flush();
        }
    }
}
