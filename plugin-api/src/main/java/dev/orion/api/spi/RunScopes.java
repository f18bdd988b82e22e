package dev.orion.api.spi;

import dev.orion.api.OrionException;
import java.util.Objects;
import java.util.Optional;

/**
 * Where API objects find the engine: the {@link RunScope} bound to the current thread while a
 * flow or task body runs (a {@link ScopedValue}), and the {@link FlowLauncher} for flows called
 * outside any run. Thread-safe.
 */
public final class RunScopes {

    private static final ScopedValue<RunScope> CURRENT = ScopedValue.newInstance();
    private static volatile FlowLauncher launcher;

    private RunScopes() {
    }

    /** The scope of the run whose code is executing on this thread, if any. */
    public static Optional<RunScope> current() {
        return CURRENT.isBound() ? Optional.of(CURRENT.get()) : Optional.empty();
    }

    /** The current scope, or an error saying that this only works inside a flow. */
    public static RunScope require(String what) {
        if (!CURRENT.isBound()) {
            throw new OrionException(what + " works only inside a running flow; run the flow with "
                    + "Orion.local().run(flow, args) or `orion run FILE`");
        }
        return CURRENT.get();
    }

    /** Runs {@code op} with {@code scope} as the current scope (used by the engine). */
    public static <T, X extends Throwable> T callIn(RunScope scope, ScopedValue.CallableOp<T, X> op) throws X {
        return ScopedValue.where(CURRENT, Objects.requireNonNull(scope, "scope")).call(op);
    }

    /** Sets the launcher for flows called outside a run; the last one installed wins. */
    public static void installLauncher(FlowLauncher value) {
        launcher = Objects.requireNonNull(value, "launcher");
    }

    /** The installed launcher, if any. */
    public static Optional<FlowLauncher> launcher() {
        return Optional.ofNullable(launcher);
    }
}
