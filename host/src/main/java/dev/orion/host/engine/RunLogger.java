package dev.orion.host.engine;

import dev.orion.host.store.LogRow;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The logger user code gets from {@code RunContext.logger()}: each line becomes a {@link LogRow}
 * of the run (INFO and above; DEBUG and TRACE are dropped). Thread-safe.
 */
final class RunLogger extends AbstractLogger {

    private final UUID flowRunId;
    private final UUID taskRunId;
    private final transient Consumer<LogRow> sink;

    RunLogger(String name, UUID flowRunId, UUID taskRunId, Consumer<LogRow> sink) {
        this.name = name;
        this.flowRunId = flowRunId;
        this.taskRunId = taskRunId;
        this.sink = sink;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
            Throwable t) {
        String text = MessageFormatter.basicArrayFormat(pattern, args);
        if (t != null) {
            text = text + " (" + t + ")";
        }
        sink.accept(new LogRow(flowRunId, taskRunId, level.name(), name, text, Instant.now()));
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return false;
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return false;
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return true;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
        return true;
    }
}
