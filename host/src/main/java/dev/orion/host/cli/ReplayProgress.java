package dev.orion.host.cli;

import dev.orion.host.replay.PolicyReplay;
import java.io.PrintWriter;

/**
 * A progress line for a replay on a terminal ({@code replayed 4,000 of 41,213 decisions}),
 * rewritten in place at most a few times a second; silent when stderr is not a terminal.
 * Not thread-safe.
 */
final class ReplayProgress implements PolicyReplay.Progress {

    private static final long EVERY_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final boolean terminal = System.console() != null && System.console().isTerminal();
    private long shownAt = System.nanoTime();
    private boolean shown;

    ReplayProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void replayed(int done, int total) {
        long now = System.nanoTime();
        if (terminal && now - shownAt >= EVERY_NANOS) {
            shownAt = now;
            shown = true;
            err.printf("\rreplayed %,d of %,d decisions", done, total);
            err.flush();
        }
    }

    /** Clears the line, so the report starts on a clean one. */
    void done() {
        if (shown) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
