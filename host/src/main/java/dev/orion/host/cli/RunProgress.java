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
import java.util.concurrent.atomic.LongAdder;

/**
 * Live progress of {@code orion run} on a terminal: a status line (task runs completed,
 * running, failed, waiting; elapsed time) redrawn a few times a second, with the run's log
 * lines printed above it as they come. Thread-safe.
 */
final class RunProgress implements EngineListener, AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private final PrintWriter out;
    /** Task runs not yet ended, by their latest state; an ended one leaves it for a counter. */
    private final Map<UUID, StateType> tasks = new ConcurrentHashMap<>();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final long started = System.nanoTime();
    private final Thread painter;
    private volatile boolean closed;

    RunProgress(PrintWriter out) {
        this.out = out;
        this.painter = Thread.ofPlatform().daemon().name("orion-progress").start(this::paintLoop);
    }

    @Override
    public void stateChanged(UUID runId, RunKind kind, State state) {
        if (kind != RunKind.TASK) {
            return;
        }
        if (state.isTerminal()) {
            tasks.remove(runId);
            (state.type() == StateType.COMPLETED ? completed : failed).increment();
        } else {
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
        int running = 0;
        int waiting = 0;
        for (StateType t : tasks.values()) {
            if (t == StateType.RUNNING) {
                running++;
            } else {
                waiting++;
            }
        }
        double secs = (System.nanoTime() - started) / 1e9;
        return String.format("task runs: %d completed, %d running, %d failed, %d waiting  [%.1fs]",
                completed.sum(), running, failed.sum(), waiting, secs);
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
