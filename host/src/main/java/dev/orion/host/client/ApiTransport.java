package dev.orion.host.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.orion.api.OrionException;
import dev.orion.host.util.RetryWindow;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends JSON requests to an Orion (or Prefect 2) API with Java's {@link HttpClient}: the API key
 * as a Bearer token, and retries with capped exponential back-off and jitter
 * ({@link RetryBackoff}, honouring {@code Retry-After}) for up to {@link #retryFor()} (by
 * default {@code ORION_API_RETRY_WINDOW}) while the server is unreachable or answers 502, 503
 * or 504 (its database is restarting). The first such failure is logged once with how long it
 * will keep trying, and the return once ({@link ServerWait}). An error answer becomes an
 * {@link ApiCallException} carrying the server's {@code detail}. Thread-safe.
 */
public final class ApiTransport {

    /** The client's JSON: snake_case, ISO times, lenient on fields it does not know. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private static final Set<Integer> UNAVAILABLE = Set.of(502, 503, 504);

    /** What a retried call learns about a failure before sending again. */
    @FunctionalInterface
    public interface RetryListener {
        /** Called before a retry; {@code delivered} is true when the request may have reached the server. */
        void retrying(boolean delivered);
    }

    private final URI base;
    private final Optional<String> apiKey;
    private final Duration retryFor;
    private final HttpClient http;
    private volatile String worker;
    private final ServerWait waiting = new ServerWait();
    private final LongAdder requests = new LongAdder();

    /**
     * @param apiUrl   the API's root, e.g. {@code http://127.0.0.1:4200/api}
     * @param apiKey   sent as {@code Authorization: Bearer KEY} when present
     * @param retryFor how long to keep retrying an unreachable server before giving up
     */
    /** A transport retrying for {@code ORION_API_RETRY_WINDOW} (default 5 minutes). */
    public ApiTransport(String apiUrl, Optional<String> apiKey) {
        this(apiUrl, apiKey, RetryWindow.fromEnvironment());
    }

    public ApiTransport(String apiUrl, Optional<String> apiKey, Duration retryFor) {
        Objects.requireNonNull(apiUrl, "apiUrl");
        String url = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        try {
            this.base = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new OrionException("ORION_API_URL must be a URL like http://127.0.0.1:4200/api, got '"
                    + apiUrl + "'", e);
        }
        if (base.getScheme() == null || !base.getScheme().startsWith("http")) {
            throw new OrionException("ORION_API_URL must be an http(s) URL like http://127.0.0.1:4200/api, got '"
                    + apiUrl + "'");
        }
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.retryFor = Objects.requireNonNull(retryFor, "retryFor");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String apiUrl() {
        return base.toString();
    }

    public Duration retryFor() {
        return retryFor;
    }

    /**
     * Names the worker this transport speaks for, in every request's {@code X-Orion-Worker}
     * header: the server then refuses its writes to a flow run it no longer owns (it was declared
     * Crashed, or another worker claimed it since).
     */
    public void identify(String worker) {
        this.worker = worker;
    }

    /** How many HTTP requests this transport has sent, retries included. */
    public long requestsSent() {
        return requests.sum();
    }

    public JsonNode get(String path) {
        return send("GET", path, null, null);
    }

    public JsonNode post(String path, Object body) {
        return send("POST", path, body, null);
    }

    public JsonNode patch(String path, Object body) {
        return send("PATCH", path, body, null);
    }

    public JsonNode delete(String path) {
        return send("DELETE", path, null, null);
    }

    /** GET of what may not exist: empty when the server answers 404. */
    public Optional<JsonNode> find(String path) {
        try {
            return Optional.of(get(path));
        } catch (ApiCallException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** A request on what may not exist: false when the server answers 404. */
    public boolean found(String method, String path, Object body) {
        try {
            send(method, path, body, null);
            return true;
        } catch (ApiCallException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Sends a request, retrying while the server is unavailable, and answers the response body
     * as JSON (a missing node for an empty body).
     *
     * @param body     a {@link JsonNode}, a record or map (written as snake_case JSON), or null
     * @param listener told before each retry; may be null
     * @throws ApiCallException for an error answer, or status 0 when the server stayed unreachable
     */
    public JsonNode send(String method, String path, Object body, RetryListener listener) {
        return call(method, path, body, listener).body();
    }

    /** A successful answer: its status and its JSON body (a missing node when empty). */
    public record Answer(int status, JsonNode body) {
    }

    /** As {@link #send}, answering the status too. */
    public Answer call(String method, String path, Object body, RetryListener listener) {
        HttpResponse<String> r = exchange(method, path, body, listener);
        String text = r.body();
        if (r.statusCode() >= 400) {
            throw new ApiCallException(r.statusCode(), method + " " + path + " answered " + r.statusCode() + ": "
                    + detail(text));
        }
        if (text == null || text.isBlank()) {
            return new Answer(r.statusCode(), MAPPER.missingNode());
        }
        try {
            return new Answer(r.statusCode(), MAPPER.readTree(text));
        } catch (IOException e) {
            throw new ApiCallException(r.statusCode(), method + " " + path + " answered JSON that cannot be read: "
                    + e.getMessage());
        }
    }

    /** Sends a request, retrying while the server is unavailable, and answers the raw response. */
    public HttpResponse<String> exchange(String method, String path, Object body, RetryListener listener) {
        HttpRequest request = request(method, path, body);
        long deadline = System.nanoTime() + retryFor.toNanos();
        RetryBackoff backoff = new RetryBackoff();
        while (true) {
            boolean delivered;
            String failure;
            long retryAfterMillis = 0;
            try {
                requests.increment();
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (!UNAVAILABLE.contains(r.statusCode())) {
                    waiting.reached();
                    return r;
                }
                delivered = false;
                failure = "answered " + r.statusCode() + ": " + detail(r.body());
                retryAfterMillis = r.headers().firstValue("Retry-After").map(ApiTransport::seconds).orElse(0L) * 1000;
            } catch (ConnectException | HttpConnectTimeoutException e) {
                delivered = false;
                failure = "is unreachable (" + e + ")";
            } catch (IOException e) {
                delivered = true;
                failure = "failed (" + e + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiCallException(0, method + " " + path + " was interrupted");
            }
            long sleep = backoff.next(retryAfterMillis);
            if (System.nanoTime() + sleep * 1_000_000 > deadline) {
                throw new ApiCallException(0, "the Orion server at " + base + " " + failure + "; " + method + " "
                        + path + " gave up after " + RetryWindow.describe(retryFor) + " of retries ("
                        + RetryWindow.VARIABLE + "). Is `orion server start` running there, is its database up, "
                        + "and is ORION_API_URL right?");
            }
            waiting.failed(base + " " + failure, retryFor);
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiCallException(0, method + " " + path + " was interrupted");
            }
            if (listener != null) {
                listener.retrying(delivered);
            }
        }
    }

    private static long seconds(String retryAfter) {
        try {
            return Math.max(0, Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException e) {
            return 0; // an HTTP date: use our own back-off
        }
    }

    private HttpRequest request(String method, String path, Object body) {
        HttpRequest.BodyPublisher publisher;
        if (body == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else {
            try {
                publisher = HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : MAPPER.writeValueAsString(body));
            } catch (IOException e) {
                throw new OrionException("cannot write the body of " + method + " " + path + ": " + e.getMessage(), e);
            }
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method, publisher)
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("Accept", "application/json");
        apiKey.ifPresent(k -> b.header("Authorization", "Bearer " + k));
        String w = worker;
        if (w != null) {
            b.header("X-Orion-Worker", w);
        }
        return b.build();
    }

    private static String detail(String text) {
        if (text == null || text.isBlank()) {
            return "(no body)";
        }
        try {
            JsonNode n = MAPPER.readTree(text);
            return n.hasNonNull("detail") ? n.get("detail").isTextual() ? n.get("detail").asText() : n.get("detail").toString() : text;
        } catch (IOException e) {
            return text.length() > 300 ? text.substring(0, 300) + "..." : text;
        }
    }
}
