package dev.orion.host.metrics;

import dev.orion.api.orchestration.ConcurrencyLimit;
import dev.orion.host.store.ConcurrencyLimitStore;
import dev.orion.host.store.Database;
import dev.orion.host.store.OperationsQueries;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.MultiGauge.Row;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gauges read from a store at each scrape: runs by state, late runs, each work queue's due
 * runs and how long the oldest has waited, the workers seen and the age of their last poll and
 * heartbeat, concurrency slots used and their limits, the store writer's queue. The gauges live
 * once in {@link OrionMetrics#registry()}; {@link #scrape()} sets them from this store and
 * renders them under one lock, so servers sharing a JVM (tests) each show their own store.
 * Thread-safe.
 */
public final class StoreMetrics {

    private static final Object LOCK = new Object();
    private static final MultiGauge RUNS = MultiGauge.builder("orion.runs")
            .description("Runs by kind and current state type").register(OrionMetrics.registry());
    private static final MultiGauge QUEUE_DUE = MultiGauge.builder("orion.work.queue.due")
            .description("Scheduled flow runs of a work queue that are due now").register(OrionMetrics.registry());
    private static final MultiGauge QUEUE_OLDEST = MultiGauge.builder("orion.work.queue.oldest.due.age")
            .description("How long the oldest due flow run of a work queue has waited (0 when none is due)")
            .baseUnit("seconds").register(OrionMetrics.registry());
    private static final MultiGauge WORKER_BEAT = MultiGauge.builder("orion.worker.heartbeat.age")
            .description("Time since a run of the worker last heartbeated").baseUnit("seconds")
            .register(OrionMetrics.registry());
    private static final MultiGauge WORKER_POLL = MultiGauge.builder("orion.worker.poll.age")
            .description("Time since the worker last polled a work queue").baseUnit("seconds")
            .register(OrionMetrics.registry());
    private static final MultiGauge SLOTS_USED = MultiGauge.builder("orion.concurrency.slots.used")
            .description("Concurrency slots held by running task runs, by tag").register(OrionMetrics.registry());
    private static final MultiGauge SLOTS_LIMIT = MultiGauge.builder("orion.concurrency.slots.limit")
            .description("The concurrency limit of a tag").register(OrionMetrics.registry());
    private static final AtomicLong LATE = gauge("orion.runs.late", "Flow runs marked Late and not started yet");
    private static final AtomicLong WORKERS = gauge("orion.workers", "Workers seen polling any work queue");
    private static final AtomicLong WRITER_QUEUE = gauge("orion.store.writer.queue",
            "Writes waiting for the store's single writer");

    private final Database db;
    private final OperationsQueries queries;
    private final ConcurrencyLimitStore limits;

    public StoreMetrics(Database db) {
        this.db = Objects.requireNonNull(db, "db");
        this.queries = new OperationsQueries(db);
        this.limits = new ConcurrencyLimitStore(db);
    }

    /** Reads the store, sets the gauges and renders every meter of the process. */
    public String scrape() {
        synchronized (LOCK) {
            refresh(Instant.now());
            return OrionMetrics.scrape();
        }
    }

    private void refresh(Instant now) {
        RUNS.register(queries.runsByState().stream()
                .map(c -> Row.of(Tags.of("kind", c.kind().name().toLowerCase(Locale.ROOT), "state", c.stateType()),
                        c.count()))
                .toList(), true);
        List<OperationsQueries.QueueDue> due = queries.dueByQueue(now);
        QUEUE_DUE.register(due.stream().map(q -> Row.of(Tags.of("queue", q.queue()), q.due())).toList(), true);
        QUEUE_OLDEST.register(due.stream()
                .map(q -> Row.of(Tags.of("queue", q.queue()), q.oldestDue() == null ? 0 : seconds(q.oldestDue(), now)))
                .toList(), true);
        List<OperationsQueries.WorkerActivity> workers = queries.workers();
        WORKERS.set(workers.size());
        WORKER_POLL.register(workers.stream()
                .map(w -> Row.of(Tags.of("worker", w.name()), seconds(w.lastPolled(), now))).toList(), true);
        WORKER_BEAT.register(workers.stream().filter(w -> w.lastHeartbeat() != null)
                .map(w -> Row.of(Tags.of("worker", w.name()), seconds(w.lastHeartbeat(), now))).toList(), true);
        List<ConcurrencyLimit> slots = limits.list();
        SLOTS_USED.register(slots.stream().map(l -> Row.of(Tags.of("tag", l.tag()), l.activeSlots().size())).toList(), true);
        SLOTS_LIMIT.register(slots.stream().map(l -> Row.of(Tags.of("tag", l.tag()), l.limit())).toList(), true);
        LATE.set(queries.lateFlowRuns());
        WRITER_QUEUE.set(db.writer().queuedWrites());
    }

    private static double seconds(Instant then, Instant now) {
        return Math.max(0, Duration.between(then, now).toNanos() / 1e9);
    }

    private static AtomicLong gauge(String name, String description) {
        AtomicLong value = new AtomicLong();
        Gauge.builder(name, value, AtomicLong::doubleValue).description(description).register(OrionMetrics.registry());
        return value;
    }
}
