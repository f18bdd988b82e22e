package dev.orion.host.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.OrionException;
import dev.orion.api.ResultStorage;
import dev.orion.api.RunKind;
import dev.orion.host.engine.LocalResultStorage;
import dev.orion.host.engine.Results;
import dev.orion.host.server.ApiJson;
import dev.orion.host.server.ApiRoutes;
import dev.orion.host.server.FilterRequest;
import dev.orion.host.server.InvalidRequestException;
import dev.orion.host.server.NotFoundException;
import dev.orion.host.server.Requests;
import dev.orion.host.server.ServerContext;
import dev.orion.host.server.model.FlowRunJson;
import dev.orion.host.store.UiQueries;
import dev.orion.host.util.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Orion's own endpoints for the web UI, under {@code /api/ui/} (not part of Prefect's API):
 * <ul>
 *   <li>{@code GET /api/ui/flow_runs/{id}/timeline[?since=MICROS][&limit=N]}: the flow run and its
 *   first task runs (at most {@link #MAX_TASKS}; {@code tasks_total} counts them all) with their
 *   state histories and upstream edges, in one answer; with {@code since} (the
 *   {@code now} of the previous answer) only the task runs changed since then. This is the
 *   "changed since" poll the run page uses for live updates.</li>
 *   <li>{@code POST /api/ui/flow_runs/summary?from=ISO&to=ISO&buckets=N}: for the flow runs a
 *   {@code /filter} body selects, the count per state type and a histogram of their expected
 *   start times per state type.</li>
 * </ul>
 * Times in these answers are epoch microseconds. Thread-safe.
 */
public final class UiApi implements ApiRoutes {

    /**
     * How far before {@code since} a changed-since poll looks again: a row is stamped when the
     * store writer binds it, a moment before its commit makes it visible.
     */
    static final long SINCE_SLACK_MICROS = 5_000_000L;
    static final int MAX_BUCKETS = 500;
    /**
     * A timeline answer holds at most this many task runs (the first, by creation): a run of a
     * million task runs opens as fast as one of ten thousand.
     */
    static final int MAX_TASKS = 10_000;

    private final ServerContext ctx;
    private final UiQueries queries;

    public UiApi(ServerContext ctx) {
        this.ctx = ctx;
        this.queries = new UiQueries(ctx.db());
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/ui/flow_runs/{id}/timeline", this::timeline);
        routes.post("/api/ui/flow_runs/summary", this::summary);
        routes.get("/api/ui/result", this::result);
    }

    /** A stored result's value, for the run pages (the state only holds its reference). */
    private void result(Context c) {
        String ref = c.queryParam("ref");
        if (ref == null || ref.isBlank()) {
            throw new InvalidRequestException("'ref' (a result reference such as local:KEY) is required");
        }
        List<ResultStorage> storages = new ArrayList<>();
        storages.add(new LocalResultStorage(ctx.settings().storageDir()));
        ctx.plugins().extensions(ResultStorage.class).forEach(x -> storages.add(x.extension()));
        var results = new Results(storages, ctx.settings().resultStorage(), ApiJson.MAPPER);
        try {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ref", ref);
            m.put("value", results.readJson(ref));
            Requests.ok(c, m);
        } catch (OrionException e) {
            throw new NotFoundException("result", ref);
        }
    }

    private void timeline(Context c) {
        UUID id = Requests.id(c, "id");
        long now = micros(Instant.now());
        var run = ctx.orchestrator().readRun(id, RunKind.FLOW).orElseThrow(() -> new NotFoundException("flow run", id));
        Long since = longParam(c, "since");
        Long requested = longParam(c, "limit");
        int limit = (int) Math.max(1, Math.min(MAX_TASKS, requested == null ? MAX_TASKS : requested));
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (UiQueries.TimelineTask t : queries.timeline(id, since == null ? null : since - SINCE_SLACK_MICROS, limit)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("name", t.name());
            m.put("key", t.taskKey());
            m.put("type", t.stateType());
            m.put("state", t.stateName());
            m.put("start", t.startTime());
            m.put("end", t.endTime());
            m.put("created", t.created());
            m.put("runs", t.runCount());
            m.put("up", upstream(t.taskInputs()));
            m.put("states", t.states().stream().map(s -> s.rule() == null
                    ? List.of(s.type(), s.name(), s.timestamp())
                    : List.of(s.type(), s.name(), s.timestamp(), s.rule(), s.reason() == null ? "" : s.reason())).toList());
            tasks.add(m);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("now", now);
        answer.put("since", since);
        answer.put("flow_run", FlowRunJson.of(run));
        answer.put("limit", limit);
        answer.put("tasks_total", since == null && tasks.size() < limit ? tasks.size() : queries.taskRunCount(id));
        answer.put("tasks", tasks);
        Requests.ok(c, answer);
    }

    private void summary(Context c) {
        FilterRequest f = FilterRequest.parse(c.body(), FlowRunsApi.ENTITIES);
        var where = FlowRunsApi.where(f);
        Instant to = instantParam(c, "to", Instant.now());
        Instant from = instantParam(c, "from", to.minus(Duration.ofDays(1)));
        if (!from.isBefore(to)) {
            throw new InvalidRequestException("'from' must be before 'to', got " + from + " and " + to);
        }
        Long requested = longParam(c, "buckets");
        int buckets = requested == null ? 60 : (int) Math.max(1, Math.min(MAX_BUCKETS, requested));
        long fromMicros = micros(from);
        long toMicros = micros(to);
        long bucketMicros = Math.max(1, Math.ceilDiv(toMicros - fromMicros, buckets));

        Map<String, Long> counts = new LinkedHashMap<>();
        long total = 0;
        for (var b : queries.flowRunCountsByState(where)) {
            counts.put(b.stateType() == null ? "NONE" : b.stateType(), b.count());
            total += b.count();
        }
        Map<String, long[]> series = new LinkedHashMap<>();
        for (var b : queries.flowRunHistogram(where, fromMicros, toMicros, bucketMicros)) {
            if (b.bucket() >= 0 && b.bucket() < buckets) {
                series.computeIfAbsent(b.stateType() == null ? "NONE" : b.stateType(), k -> new long[buckets])
                        [(int) b.bucket()] += b.count();
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("total", total);
        answer.put("counts", counts);
        answer.put("from", fromMicros);
        answer.put("to", toMicros);
        answer.put("bucket_micros", bucketMicros);
        answer.put("buckets", buckets);
        answer.put("series", series);
        Requests.ok(c, answer);
    }

    /**
     * Upstream task run ids from stored task inputs: Orion's engine writes {@code {"param": ["id"]}},
     * a Prefect client {@code {"param": [{"input_type": "task_run", "id": "..."}]}}.
     */
    public static List<String> upstream(String taskInputs) {
        if (taskInputs == null || taskInputs.length() < 3) {
            return List.of();
        }
        JsonNode node = Json.read(taskInputs, JsonNode.class);
        Set<String> ids = new LinkedHashSet<>();
        node.forEach(values -> values.forEach(v -> {
            if (v.isTextual()) {
                ids.add(v.asText());
            } else if (v.has("id") && (!v.has("input_type") || "task_run".equals(v.get("input_type").asText()))) {
                ids.add(v.get("id").asText());
            }
        }));
        return List.copyOf(ids);
    }

    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    private static Long longParam(Context c, String name) {
        String v = c.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("'" + name + "' must be a whole number, got '" + v + "'");
        }
    }

    private static Instant instantParam(Context c, String name, Instant otherwise) {
        String v = c.queryParam(name);
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        try {
            return OffsetDateTime.parse(v.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("'" + name + "' must be an ISO-8601 time with an offset, got '" + v + "'");
        }
    }
}
