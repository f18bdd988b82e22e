package dev.orion.host.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import dev.orion.api.OrionException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ORION_LOG_FORMAT}: {@code text} (the default, one readable line per event) or
 * {@code json} (one JSON object per line, Logback's own {@link JsonEncoder}, with the MDC:
 * {@code flow_run_id}, {@code task_run_id} and {@code worker} where a line has them), for
 * servers and workers whose logs a collector reads. Applied once, at process start.
 */
public final class LogFormat {

    private static volatile boolean runLogsShown;

    private LogFormat() {
    }

    /** Whether this process echoes its runs' log lines ({@link #showRunLogs()}); off in an embedder's. */
    public static boolean runLogsShown() {
        return runLogsShown;
    }

    /**
     * Switches the process's console appenders to JSON lines when the environment asks.
     *
     * @throws OrionException when {@code ORION_LOG_FORMAT} is neither {@code text} nor {@code json}
     */
    public static void apply(Map<String, String> env) {
        String format = env.getOrDefault("ORION_LOG_FORMAT", "").trim().toLowerCase(Locale.ROOT);
        switch (format) {
            case "", "text" -> { }
            case "json" -> useJson();
            default -> throw new OrionException("ORION_LOG_FORMAT must be 'text' or 'json', got '"
                    + env.get("ORION_LOG_FORMAT") + "'");
        }
    }

    /**
     * Echoes the log lines of the runs this process executes to its own log (logger
     * {@code orion.run}), as a worker does: its operators read the runs' lines beside its own.
     */
    public static void showRunLogs() {
        runLogsShown = true;
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger("orion.run").setLevel(Level.INFO);
        }
    }

    private static void useJson() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J binding (an embedder's) formats its own lines
        }
        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
                JsonEncoder json = new JsonEncoder();
                json.setContext(context);
                json.setWithFormattedMessage(true);
                json.setWithMessage(false);
                json.setWithArguments(false);
                json.start();
                appender.stop();
                appender.setEncoder(json);
                appender.start();
            }
        }
    }
}
