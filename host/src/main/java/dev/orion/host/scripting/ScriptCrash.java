package dev.orion.host.scripting;

/**
 * A script's code stopped by something that is no error of its logic: a Python
 * {@code BaseException} that is not an {@code Exception} ({@code KeyboardInterrupt},
 * {@code SystemExit}, {@code asyncio.CancelledError}). The engine ends the run Crashed, as
 * Prefect does, rather than Failed. Its stack trace holds only the script's frames.
 */
public class ScriptCrash extends Error {

    public ScriptCrash(String message, StackTraceElement[] scriptFrames) {
        super(message, null, false, true);
        setStackTrace(scriptFrames);
    }
}
