package dev.orion.host.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.OrionException;
import dev.orion.host.limits.GlobalLimits;
import dev.orion.host.util.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@link GlobalLimits} of a server, through Prefect's {@code /api/v2/concurrency_limits/increment}
 * and {@code /decrement}. A full limit answers 423; this waits the shorter of its Retry-After and
 * {@link #RECHECK} before asking again. Thread-safe.
 */
public final class RemoteGlobalLimits implements GlobalLimits {

    static final Duration RECHECK = Duration.ofMillis(200);

    private final ApiTransport api;

    public RemoteGlobalLimits(ApiTransport api) {
        this.api = api;
    }

    @Override
    public Runnable acquire(List<String> names, int slots, boolean rateLimit, Duration timeout, UUID flowRunId) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> body = Map.of("names", names, "slots", slots, "mode", rateLimit ? "rate_limit" : "concurrency",
                "holder", flowRunId.toString());
        while (true) {
            HttpResponse<String> r = api.exchange("POST", "/v2/concurrency_limits/increment", body, delivered -> { });
            if (r.statusCode() == 200) {
                long taken = System.nanoTime();
                return rateLimit ? () -> { } : () -> api.post("/v2/concurrency_limits/decrement", Map.of("names", names,
                        "slots", slots, "occupancy_seconds", Math.max(0.001, (System.nanoTime() - taken) / 1e9),
                        "holder", flowRunId.toString()));
            }
            if (r.statusCode() != 423) {
                JsonNode detail = r.body() == null || r.body().isBlank() ? null : Json.read(r.body(), JsonNode.class);
                throw new ApiCallException(r.statusCode(), "taking slots of " + names + " failed: "
                        + (detail == null ? r.statusCode() : detail.path("detail").asText(r.body())));
            }
            double retryAfter = r.headers().firstValue("Retry-After").map(Double::parseDouble).orElse(1.0);
            long wait = Math.min((long) (retryAfter * 1e9), RECHECK.toNanos());
            if (System.nanoTime() + wait > deadline) {
                throw new OrionException("could not take " + slots + " slot(s) of " + names + " within " + timeout);
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.max(wait, 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OrionException("interrupted while waiting for slots of " + names);
            }
        }
    }
}
