package dev.orion.host.scripting;

/**
 * An error thrown by a script's own code while a task or flow ran. Its message is the
 * script's ({@code Error: boom}, {@code ValueError: bad n}) and its stack trace holds only the
 * script's frames, so state messages and run logs point at the script's {@code file:line}
 * rather than at the host.
 */
public class ScriptError extends RuntimeException {

    public ScriptError(String message, StackTraceElement[] scriptFrames) {
        super(message, null, false, true);
        setStackTrace(scriptFrames);
    }

    /** Where in the script it was thrown, as {@code file:line}, or null if unknown. */
    public String location() {
        StackTraceElement[] trace = getStackTrace();
        return trace.length == 0 ? null : trace[0].getFileName() + ":" + trace[0].getLineNumber();
    }
}
