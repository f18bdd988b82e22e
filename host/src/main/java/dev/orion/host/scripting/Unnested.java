package dev.orion.host.scripting;

import dev.orion.api.spi.RunScope;
import dev.orion.api.spi.RunScopes;
import dev.orion.host.logging.RunContextLog;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * Runs work that enters a polyglot context on a fresh virtual thread when the calling thread is
 * already inside a script's context. Nesting is what the engine does when a flow calls a task
 * directly (it runs the task in the calling thread), but contexts must not nest: across
 * languages on one shared engine Truffle's AST sharing check fails, and within JavaScript the
 * promise jobs of an async task only run when the outermost call returns. So a nested call hops
 * threads, and the caller's run scope (and log context) goes along, so the work still belongs to the same run.
 * Thread-safe.
 */
final class Unnested {

    private static final ThreadLocal<Object> INSIDE = new ThreadLocal<>();

    private Unnested() {
    }

    /** Runs {@code work} as code of {@code owner}'s contexts, on this thread unless another owner is inside. */
    static <T> T run(Object owner, Supplier<T> work) {
        Object current = INSIDE.get();
        if (current == null) {
            return inside(owner, work);
        }
        RunScope scope = RunScopes.current().orElse(null);
        Map<String, String> logContext = RunContextLog.capture();
        FutureTask<T> task = new FutureTask<>(() -> {
            try (var log = RunContextLog.with(logContext == null ? Map.of() : logContext)) {
                return scope == null ? inside(owner, work) : RunScopes.callIn(scope, () -> inside(owner, work));
            }
        });
        Thread.ofVirtual().name("orion-script").start(task);
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a script", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static <T> T inside(Object owner, Supplier<T> work) {
        Object previous = INSIDE.get();
        INSIDE.set(owner);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                INSIDE.remove();
            } else {
                INSIDE.set(previous);
            }
        }
    }
}
