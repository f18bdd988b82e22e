package dev.orion.host.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.host.store.FilterCompiler;
import dev.orion.host.store.LogRow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends run log lines to {@code POST /api/logs/} in batches from one background thread: a
 * batch leaves when 500 lines are waiting or 200 ms after its first line; {@link #flush()}
 * sends what is queued and waits for it. Thread-safe.
 */
final class LogShipper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogShipper.class);
    private static final int BATCH = 500;
    private static final long LINGER_MILLIS = 200;

    private final ApiTransport api;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    /** A marker put in the queue by {@link #flush()}: released once everything before it was sent. */
    private static final class Barrier {
        final CountDownLatch done = new CountDownLatch(1);
    }

    LogShipper(ApiTransport api) {
        this.api = api;
        this.thread = Thread.ofPlatform().daemon().name("orion-log-shipper").start(this::loop);
    }

    void add(List<LogRow> lines) {
        if (closed) {
            throw new IllegalStateException("the log shipper is closed");
        }
        queue.addAll(lines);
    }

    /** Sends every line added so far and waits until the server has them (or gave up on them). */
    void flush() {
        if (!thread.isAlive()) {
            return;
        }
        Barrier b = new Barrier();
        queue.add(b);
        try {
            b.done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        List<LogRow> batch = new ArrayList<>();
        List<Barrier> barriers = new ArrayList<>();
        while (!(closed && queue.isEmpty())) {
            try {
                Object first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                long deadline = System.nanoTime() + LINGER_MILLIS * 1_000_000;
                Object next = first;
                while (next != null) {
                    if (next instanceof Barrier b) {
                        barriers.add(b);
                        break;
                    }
                    batch.add((LogRow) next);
                    if (batch.size() >= BATCH) {
                        break;
                    }
                    long left = deadline - System.nanoTime();
                    next = left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                closed = true;
            }
            send(batch);
            batch.clear();
            barriers.forEach(b -> b.done.countDown());
            barriers.clear();
        }
    }

    private void send(List<LogRow> batch) {
        if (batch.isEmpty()) {
            return;
        }
        ArrayNode body = ApiTransport.MAPPER.createArrayNode();
        for (LogRow l : batch) {
            ObjectNode n = body.addObject();
            n.put("name", l.logger());
            n.put("level", FilterCompiler.levelNumber(l.level()));
            n.put("message", l.message());
            n.put("timestamp", l.timestamp().toString());
            n.put("flow_run_id", l.flowRunId() == null ? null : l.flowRunId().toString());
            n.put("task_run_id", l.taskRunId() == null ? null : l.taskRunId().toString());
        }
        try {
            api.post("/logs/", body);
        } catch (RuntimeException e) {
            LOG.warn("{} run log line(s) could not be sent: {}", batch.size(), e.getMessage());
        }
    }

    @Override
    public void close() {
        flush();
        closed = true;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
