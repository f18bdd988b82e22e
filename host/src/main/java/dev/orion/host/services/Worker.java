package dev.orion.host.services;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.host.client.ApiCallException;
import dev.orion.host.client.ApiTransport;
import dev.orion.host.client.HttpOrchestrator;
import dev.orion.host.engine.FlowEngine;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.logging.RunContextLog;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A worker ({@code orion worker start --queue Q}): polls a work queue on the server for due
 * runs ({@code POST /api/work_queues/{id}/get_runs}, which claims each run for exactly one
 * worker) and, finding none, waits on the server until one may be due ({@code await_runs}, at
 * most the poll interval), and executes each claimed run in this process through the engine, which reports
 * every state to the server. While a run executes, the worker marks it with its
 * infrastructure pid and heartbeats it every {@code heartbeat}; at most {@code limit} runs
 * execute at once. {@link #close()} stops polling and waits for running runs. Thread-safe.
 */
public final class Worker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    /** The longest a worker waits on the server for a due run (below the client's request timeout). */
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(20);

    /** How a worker polls, heartbeats and how many runs it executes at once. */
    public record Options(String queue, int limit, Duration poll, Duration heartbeat, String name) {
        public Options {
            Objects.requireNonNull(queue, "queue");
            if (limit < 1) {
                throw new OrionException("--limit must be 1 or more, got " + limit);
            }
            poll = poll == null ? Duration.ofSeconds(2) : poll;
            heartbeat = heartbeat == null ? Duration.ofSeconds(10) : heartbeat;
            name = name == null ? "worker-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8) : name;
        }
    }

    /** What the worker did with one run. */
    public interface Listener {
        Listener NONE = new Listener() { };

        default void started(UUID flowRunId, String flowName) {
        }

        default void finished(UUID flowRunId, FlowRunOutcome outcome) {
        }

        default void failed(UUID flowRunId, String reason) {
        }
    }

    private final HttpOrchestrator orchestrator;
    private final ApiTransport api;
    private final FlowEngine engine;
    private final FlowResolver resolver;
    private final Options options;
    private final Listener listener;
    private final Semaphore slots;
    private final ExecutorService runs = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("orion-worker-run-", 0).factory());
    private final Set<UUID> executing = ConcurrentHashMap.newKeySet();
    private final Thread poller;
    private volatile boolean stopping;
    /** The server's due-run signal the last wait ended at (poll thread only). */
    private Long dueSince;

    private Worker(HttpOrchestrator orchestrator, FlowEngine engine, FlowResolver resolver, Options options,
            Listener listener) {
        this.orchestrator = orchestrator;
        this.api = orchestrator.api();
        this.engine = engine;
        this.resolver = resolver;
        this.options = options;
        this.listener = listener == null ? Listener.NONE : listener;
        this.slots = new Semaphore(options.limit());
        this.poller = Thread.ofPlatform().name("orion-worker-poll").daemon().unstarted(this::pollLoop);
    }

    /**
     * Starts polling the queue (created if it does not exist).
     *
     * @param orchestrator the server's orchestrator; the engine must report to it too
     */
    public static Worker start(HttpOrchestrator orchestrator, FlowEngine engine, FlowResolver resolver,
            Options options, Listener listener) {
        Worker w = new Worker(orchestrator, engine, resolver, options, listener);
        orchestrator.api().identify(options.name());
        w.queueId();
        w.poller.start();
        LOG.debug("worker {} polls work queue '{}' (at most {} runs at once)", options.name(), options.queue(),
                options.limit());
        return w;
    }

    public String name() {
        return options.name();
    }

    /** The flow runs executing now. */
    public Set<UUID> executing() {
        return Set.copyOf(executing);
    }

    private UUID queueId() {
        try {
            return UUID.fromString(api.get("/work_queues/name/" + encode(options.queue())).get("id").asText());
        } catch (ApiCallException e) {
            if (e.status() != 404) {
                throw e;
            }
            try {
                return UUID.fromString(api.post("/work_queues/", Map.of("name", options.queue())).get("id").asText());
            } catch (ApiCallException conflict) {
                if (conflict.status() != 409) {
                    throw conflict;
                }
                return UUID.fromString(api.get("/work_queues/name/" + encode(options.queue())).get("id").asText());
            }
        }
    }

    private void pollLoop() {
        MDC.put(RunContextLog.WORKER, options.name());
        UUID queue = null;
        while (!stopping) {
            Duration pause = options.poll(); // after a failure
            try {
                if (queue == null) {
                    queue = queueId();
                }
                int free = slots.availablePermits();
                if (free > 0) {
                    if (dueSince == null) {
                        dueSince = dueSignal(queue, Duration.ZERO); // before the poll: no run due after it is missed
                    }
                    // What it executes: runs claimed for it and not among them come back (a claim answer it lost).
                    JsonNode claimed = api.post("/work_queues/" + queue + "/get_runs",
                            Map.of("limit", free, "worker", options.name(), "executing", Set.copyOf(executing)));
                    for (JsonNode run : claimed) {
                        UUID id = UUID.fromString(run.get("id").asText());
                        if (!executing.add(id)) {
                            continue; // it started executing while the poll was on its way
                        }
                        slots.acquire();
                        runs.submit(() -> execute(id, run));
                    }
                    pause = claimed.isEmpty() ? awaitDueRuns(queue) : Duration.ZERO;
                } else if (slots.tryAcquire(options.poll().toMillis(), TimeUnit.MILLISECONDS)) {
                    slots.release(); // a run ended: poll now, not at the next interval
                    pause = Duration.ZERO;
                }
            } catch (ApiCallException e) {
                if (stopping) {
                    return;
                }
                if (e.status() == 404) {
                    queue = null;
                }
                LOG.warn("worker {} could not poll '{}': {}", options.name(), options.queue(), e.getMessage());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("worker {} poll failed", options.name(), e);
            }
            try {
                if (pause.isPositive()) {
                    Thread.sleep(pause);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Waits on the server, up to the poll interval, for a run of the queue to become due, so that a
     * new run is claimed at once rather than at the next poll; answers how long to pause before
     * polling again: nothing after the wait, the poll interval when the server cannot wait (an
     * older server) or the wait failed.
     */
    private Duration awaitDueRuns(UUID queue) {
        if (dueSince == null) {
            return options.poll();
        }
        dueSince = dueSignal(queue, options.poll().compareTo(LONGEST_WAIT) < 0 ? options.poll() : LONGEST_WAIT);
        return dueSince == null ? options.poll() : Duration.ZERO;
    }

    /** The server's due-run signal after waiting up to {@code wait} for the next one; null if it cannot tell. */
    private Long dueSignal(UUID queue, Duration wait) {
        Map<String, Object> body = new HashMap<>();
        body.put("wait_seconds", wait.toMillis() / 1000.0);
        if (dueSince != null) {
            body.put("since", dueSince);
        }
        try {
            return api.post("/work_queues/" + queue + "/await_runs", body).get("since").asLong();
        } catch (ApiCallException e) {
            if (!stopping) {
                LOG.debug("worker {} cannot wait for due runs on '{}': {}", options.name(), options.queue(), e.getMessage());
            }
            return null;
        }
    }

    private void execute(UUID id, JsonNode run) {
        Thread beat = null;
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Map<String, String> logContext = Map.of(RunContextLog.WORKER, options.name(),
                RunContextLog.FLOW_RUN_ID, id.toString());
        // Set by hand, not in try-with-resources: the catch block's error line names the run too.
        RunContextLog log = RunContextLog.with(logContext);
        try {
            // Heartbeat from the claim on: loading the flow can take seconds (a script engine's first
            // start), and a silent claimed run would be declared Crashed under a live worker.
            beat = Thread.ofVirtual().name("orion-heartbeat-" + id).start(() -> {
                MDC.setContextMap(logContext);
                heartbeat(id);
            });
            String flowName = flowName(run);
            FlowResolver.Resolved resolved = resolver.resolve(entrypoint(run), flowName);
            orchestrator.updateRun(id, RunKind.FLOW, r -> {
                var b = r.toBuilder();
                b.infrastructurePid = "worker:" + options.name();
                return b.build();
            });
            listener.started(id, flowName);
            Thread.currentThread().setContextClassLoader(resolved.loader());
            FlowRunOutcome outcome = engine.runExisting(resolved.flow(), id);
            LOG.debug("flow run {} ended {}", id, outcome.state().label());
            listener.finished(id, outcome);
        } catch (RuntimeException e) {
            LOG.error("worker {} could not execute flow run {}: {}", options.name(), id, e.getMessage());
            try {
                orchestrator.propose(id, RunKind.FLOW, State.crashed("The worker could not execute it: "
                        + e.getMessage()).withTransitionId(UUID.randomUUID()), true);
            } catch (RuntimeException ignored) {
                e.addSuppressed(ignored);
            }
            listener.failed(id, e.getMessage());
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
            if (beat != null) {
                beat.interrupt();
            }
            executing.remove(id);
            slots.release();
            log.close();
        }
    }

    private void heartbeat(UUID id) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    api.post("/flow_runs/" + id + "/heartbeat", null); // it names its worker in X-Orion-Worker
                } catch (ApiCallException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        return; // the run ended while a heartbeat was on its way
                    }
                    if (e.status() == 409) {
                        // Declared dead while alive (its heartbeats did not get through): another worker has the run.
                        LOG.warn("worker {} stops executing flow run {}: {}", options.name(), id, e.getMessage());
                        engine.abandon(id, e.getMessage());
                        return;
                    }
                    LOG.warn("heartbeat of flow run {} failed: {}", id, e.getMessage());
                }
                Thread.sleep(options.heartbeat());
            }
        } catch (InterruptedException e) {
            // the run ended
        }
    }

    private String flowName(JsonNode run) {
        return api.get("/flows/" + run.get("flow_id").asText()).get("name").asText();
    }

    private String entrypoint(JsonNode run) {
        JsonNode deployment = run.get("deployment_id");
        if (deployment == null || deployment.isNull()) {
            throw new OrionException("flow run " + run.get("id").asText() + " has no deployment to say what to run");
        }
        JsonNode d = api.get("/deployments/" + deployment.asText());
        if (!d.hasNonNull("entrypoint")) {
            throw new OrionException("deployment '" + d.path("name").asText() + "' has no entrypoint");
        }
        return d.get("entrypoint").asText();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Stops polling and waits up to {@code wait} for the runs executing now to end. */
    public void stop(Duration wait) {
        stopping = true;
        poller.interrupt();
        runs.shutdown();
        try {
            runs.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
            poller.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofMinutes(1));
    }
}
