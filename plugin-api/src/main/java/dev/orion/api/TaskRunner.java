package dev.orion.api;

import dev.orion.api.cluster.RemoteOutcome;
import dev.orion.api.cluster.RemoteTaskRun;
import org.pf4j.ExtensionPoint;

/**
 * How a flow run's submitted task runs get a thread, selected per flow by name
 * ({@link Flow#withTaskRunner(TaskRunnerSpec)} with {@link TaskRunnerSpec#named(String)}).
 * Built in: {@code "concurrent"} (a virtual thread per task run) and {@code "sequential"}
 * (each task run to its end when it is submitted). A plugin may add others: a pool of
 * platform threads, a runner that hands work to another system. Implementations are
 * thread-safe; the engine opens one {@link Session} per flow run ({@link VirtualThreadSession}
 * is the usual base).
 */
public interface TaskRunner extends ExtensionPoint {

    /** The name flows select this runner by, e.g. {@code "platform-pool"}. */
    String name();

    /** Starts serving one flow run, with the options of its flow's {@link TaskRunnerSpec}. */
    Session open(TaskRunnerSpec spec);

    /**
     * The runner as one flow run uses it. The engine calls {@link #submit} for each submitted
     * task run and brackets each task body with {@link #enterBody} / {@link #exitBody}.
     * Thread-safe.
     */
    interface Session {

        /** Runs the whole work of one task run (waiting for inputs, proposing states, its body), now or later. */
        void submit(Runnable work);

        /** Called just before a task body runs; may block to bound how many bodies run at once. */
        default void enterBody() throws InterruptedException {
        }

        /** Called after a task body ran, whether or not it threw. */
        default void exitBody() {
        }

        /** The flow run ended early: interrupt every task run still working. */
        void interruptAll();

        /**
         * Whether task runs execute in other processes: the engine then takes each task run to
         * Pending with its inputs resolved here and hands it over with {@link #runRemotely}.
         */
        default boolean runsRemotely() {
            return false;
        }

        /**
         * Hands a Pending task run to another process, which proposes its Running and end states,
         * and waits until it ended there, was lost with that process, or was refused.
         */
        default RemoteOutcome runRemotely(RemoteTaskRun run)
                throws InterruptedException {
            throw new UnsupportedOperationException("this task runner runs task runs in this process");
        }
    }
}
