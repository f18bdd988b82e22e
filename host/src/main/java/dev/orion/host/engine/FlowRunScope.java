package dev.orion.host.engine;

import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.api.Parameter;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.api.TaskOptions;
import dev.orion.api.TaskRunner;
import dev.orion.api.orchestration.RunPolicy;
import dev.orion.host.orchestration.NewRuns;
import dev.orion.host.store.RunRow;
import dev.orion.host.util.Ids;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;

/**
 * One attempt of a flow run as its body sees it: creates task runs (with a per-task-key
 * counter as dynamic key, so a retried flow run finds its earlier task runs), hands them to the
 * task runner, runs subflows, and waits for outstanding task runs at the end. Thread-safe.
 */
final class FlowRunScope implements EngineScope {

    /**
     * How many submitted task runs of one attempt may be unfinished at once: the flow's thread
     * waits at the next submit beyond it, so a {@code map} over a million elements holds a
     * window of threads and in-memory runs, not a million.
     */
    static final int TASK_RUN_WINDOW = 10_000;

    private final FlowEngine engine;
    private final FlowRunExecutor flowRun;
    private final TaskRunner.Session runner;
    private final ConcurrentHashMap<String, AtomicInteger> dynamicKeys = new ConcurrentHashMap<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final Semaphore window = new Semaphore(TASK_RUN_WINDOW);

    FlowRunScope(FlowEngine engine, FlowRunExecutor flowRun) {
        this.engine = engine;
        this.flowRun = flowRun;
        this.runner = engine.taskRunners().open(flowRun.flow().options().taskRunner());
    }

    @Override
    public FlowEngine engine() {
        return engine;
    }

    Flow<?> flow() {
        return flowRun.flow();
    }

    TaskRunner.Session runner() {
        return runner;
    }

    /** The result storage the flow names; null for the default. */
    String resultStorage() {
        return flowRun.flow().options().resultStorage();
    }

    ClassLoader classLoader() {
        return flowRun.classLoader();
    }

    @Override
    public <R> TaskFuture<R> submit(Task<R> task, Object[] args, List<TaskFuture<?>> waitFor) {
        return submit(task, args, waitFor, true);
    }

    /**
     * Submits a task run; {@code windowed} (the flow's own submits) first waits for room in the
     * window. A task body's submits do not wait: the runs holding the window may be waiting for them.
     */
    <R> TaskFuture<R> submit(Task<R> task, Object[] args, List<TaskFuture<?>> waitFor, boolean windowed) {
        if (windowed) {
            try {
                window.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OrionException("interrupted while submitting a run of task '" + task.name() + "'", e);
            }
        }
        TaskRunExecutor<R> executor;
        try {
            executor = newTaskRun(task, args, waitFor);
        } catch (RuntimeException | Error e) {
            if (windowed) {
                window.release();
            }
            throw e;
        }
        Runnable work = windowed ? () -> {
            try {
                executor.run();
            } finally {
                window.release();
            }
        } : executor;
        try {
            runner.submit(work);
        } catch (RuntimeException e) {
            // A plugin runner that refuses work must not leave the flow run waiting for it forever.
            if (windowed) {
                window.release();
            }
            taskFinished();
            throw new OrionException("task runner '" + flowRun.flow().options().taskRunner().name()
                    + "' could not take a run of task '" + task.name() + "': " + e, e);
        }
        return executor.future();
    }

    /** A direct call runs in the calling thread: no hand-off, and the caller waits anyway. */
    @Override
    public <R> R call(Task<R> task, Object[] args, List<TaskFuture<?>> waitFor) {
        TaskRunExecutor<R> executor = newTaskRun(task, args, waitFor);
        executor.run();
        return executor.future().result();
    }

    private <R> TaskRunExecutor<R> newTaskRun(Task<R> task, Object[] args, List<TaskFuture<?>> waitFor) {
        TaskOptions o = task.options();
        RunRow.Builder b = newTaskRun(o.name());
        b.taskInputs = taskInputs(task.parameters(), args, waitFor);
        b.tags = o.tags();
        if (o.retries() > 0) {
            b.policy = new RunPolicy(o.retries(), seconds(o.retryDelays()), o.retryJitterFactor(), Set.of(), false);
        }
        RunRow created = engine.orchestrator().createRun(b.build());
        engine.listener().runCreated(created);
        TaskRunExecutor<R> executor = new TaskRunExecutor<>(this, task, args, waitFor, created.id(), created.state());
        outstanding.incrementAndGet();
        return executor;
    }

    @Override
    public <R> R callSubflow(Flow<R> flow, Object[] args) {
        return new SubflowTaskRun<>(this, flow, args).call();
    }

    /** Creates the task run that stands for a subflow run in this flow run. */
    RunRow createSubflowTaskRun(Flow<?> child, Object[] args) {
        RunRow.Builder b = newTaskRun(child.name());
        b.taskInputs = taskInputs(child.parameters(), args, List.of());
        b.tags = child.options().tags();
        RunRow created = engine.orchestrator().createRun(b.build());
        engine.listener().runCreated(created);
        return created;
    }

    /** A new task run of this flow run for the next call of the task {@code key}. */
    private RunRow.Builder newTaskRun(String key) {
        return NewRuns.taskRun(Ids.next(), flowRunId(), flowRun.flow().name(), key, nextDynamicKey(key));
    }

    void taskFinished() {
        if (outstanding.decrementAndGet() == 0) {
            lock.lock();
            try {
                idle.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Blocks until every task run submitted in this attempt has ended. */
    void awaitTaskRuns() throws InterruptedException {
        lock.lock();
        try {
            while (outstanding.get() > 0) {
                idle.await();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean cancelRequested() {
        return flowRun.cancelRequested();
    }

    boolean abandoned() {
        return flowRun.abandoned();
    }

    @Override
    public void pause(Duration timeout) {
        new FlowPause(engine, flowRun).pause(timeout);
    }

    /** Interrupts task runs still working (the flow run ended without waiting for them). */
    void interruptTaskRuns() {
        runner.interruptAll();
    }

    @Override
    public Logger logger() {
        return flowRun.logger();
    }

    @Override
    public UUID flowRunId() {
        return flowRun.id();
    }

    @Override
    public Optional<UUID> taskRunId() {
        return Optional.empty();
    }

    @Override
    public boolean logPrints() {
        return flowRun.flow().options().logPrints();
    }

    private String nextDynamicKey(String key) {
        return Integer.toString(dynamicKeys.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement());
    }

    static List<Double> seconds(List<Duration> delays) {
        return delays.stream().map(d -> d.toNanos() / 1e9).toList();
    }

    /** Upstream edges as {@code {"param": ["<task run id>"...], "wait_for": [...]}}; null when there are none. */
    static String taskInputs(List<Parameter> params, Object[] args, List<TaskFuture<?>> waitFor) {
        StringBuilder sb = null;
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            String ids = null;
            if (a instanceof TaskFuture<?> f) {
                ids = "\"" + f.taskRunId() + "\"";
            } else if (a instanceof Collection<?> c && !c.isEmpty()) {
                ids = futureIds(c);
            }
            if (ids != null) {
                sb = sb == null ? new StringBuilder("{") : sb.append(',');
                String name = i < params.size() ? params.get(i).name() : "arg" + i;
                sb.append('"').append(name).append("\":[").append(ids).append(']');
            }
        }
        if (!waitFor.isEmpty()) {
            String ids = futureIds(waitFor);
            sb = sb == null ? new StringBuilder("{") : sb.append(',');
            sb.append("\"wait_for\":[").append(ids).append(']');
        }
        return sb == null ? null : sb.append('}').toString();
    }

    private static String futureIds(Collection<?> c) {
        StringBuilder ids = null;
        for (Object o : c) {
            if (o instanceof TaskFuture<?> f) {
                ids = ids == null ? new StringBuilder() : ids.append(',');
                ids.append('"').append(f.taskRunId()).append('"');
            }
        }
        return ids == null ? null : ids.toString();
    }
}
