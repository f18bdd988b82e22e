package dev.orion.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.host.store.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays what a real Prefect 2.14.21 client said to its server (recorded in
 * {@code prefect-2.14/*.jsonl}) against a real Orion server, substituting the ids Orion
 * returned earlier in the conversation, and checks that every answer has Prefect's status,
 * the same keys, and the same orchestration outcome (ACCEPT / REJECT to AwaitingRetry,
 * Retrying, Cached...).
 */
class PrefectClientReplayTest {

    private static final Pattern UUID_RE = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @TempDir
    Path dir;

    record Exchange(int line, String method, String path, int status, JsonNode request, JsonNode response) {
    }

    static Stream<Arguments> conversations() {
        List<Arguments> out = new ArrayList<>();
        for (TestDatabase db : TestDatabase.values()) {
            for (String file : List.of("map-logs.jsonl", "retries-cache-subflow.jsonl")) {
                out.add(Arguments.of(db, file));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("conversations")
    void answersARecordedPrefectConversationInPrefectsShapesAndOutcomes(TestDatabase database, String file) throws IOException {
        List<Exchange> exchanges = read(file);
        // The recording's times (cache expirations, scheduled times) are moved to now, so the replay
        // means today what it meant when it was recorded.
        Duration shift = Duration.between(recordedStart(exchanges), Instant.now());
        try (TestServer server = TestServer.start(database, dir)) {
            Map<String, String> ids = new HashMap<>();
            for (Exchange x : exchanges) {
                String path = substitute(x.path().replaceFirst("^/api", ""), ids);
                String body = x.request() == null ? null : shiftTimes(substitute(x.request().toString(), ids), shift);
                ApiClient.Answer answer = server.client.send(x.method(), path, body);
                String where = file + ":" + x.line() + " " + x.method() + " " + x.path();

                if (x.path().equals("/api/flows/")) {
                    assertThat(answer.status()).as(where).isIn(200, 201);
                } else {
                    assertThat(answer.status()).as(where + " -> " + answer.body()).isEqualTo(x.status());
                }
                assertSameShape(where, x.response(), answer.body());
                assertSameOutcome(where, x.response(), answer.body());
                learnIds(x.response(), answer.body(), ids);
            }
        }
    }

    private static void assertSameOutcome(String where, JsonNode recorded, JsonNode actual) {
        if (recorded == null || !recorded.isObject()) {
            return;
        }
        for (String field : List.of("status", "state_type", "state_name")) {
            if (recorded.has(field)) {
                assertThat(actual.path(field).asText()).as(where + " " + field).isEqualTo(recorded.get(field).asText());
            }
        }
        if (recorded.path("state").isObject()) {
            assertThat(actual.path("state").path("type").asText()).as(where + " state.type")
                    .isEqualTo(recorded.path("state").path("type").asText());
            assertThat(actual.path("state").path("name").asText()).as(where + " state.name")
                    .isEqualTo(recorded.path("state").path("name").asText());
        }
        if (recorded.path("details").isObject()) {
            assertThat(actual.path("details").path("type").asText()).as(where + " details.type")
                    .isEqualTo(recorded.path("details").path("type").asText());
        }
    }

    /**
     * Same keys, recursively, except inside free-form values (parameters, data, fields); an array
     * answers an array, not empty when Prefect's was not, whose every element has the shape of
     * Prefect's elements.
     */
    private static void assertSameShape(String where, JsonNode recorded, JsonNode actual) {
        if (recorded == null || recorded.isNull()) {
            assertThat(actual == null || actual.isNull()).as(where + " is null").isTrue();
            return;
        }
        if (recorded.isArray()) {
            assertThat(actual != null && actual.isArray()).as(where + " is an array: " + actual).isTrue();
            if (!recorded.isEmpty()) {
                assertThat(actual.isEmpty()).as(where + " is not empty").isFalse();
                for (int i = 0; i < actual.size(); i++) {
                    assertSameShape(where + "[" + i + "]", recorded.get(Math.min(i, recorded.size() - 1)), actual.get(i));
                }
            }
            return;
        }
        if (recorded.isObject()) {
            assertThat(actual).as(where).isNotNull();
            assertThat(new TreeSet<>(keys(actual))).as(where + " keys").isEqualTo(new TreeSet<>(keys(recorded)));
            for (String k : keys(recorded)) {
                if (List.of("parameters", "data", "fields", "context", "task_inputs", "empirical_policy").contains(k)) {
                    continue;
                }
                JsonNode r = recorded.get(k);
                JsonNode a = actual.get(k);
                if (r.isObject()) {
                    assertThat(a != null && a.isObject()).as(where + "." + k + " is an object").isTrue();
                    assertSameShape(where + "." + k, r, a);
                } else if (r.isArray()) {
                    assertSameShape(where + "." + k, r, a);
                }
            }
        }
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Pairs the recorded answer's ids with Orion's, walking both answers together. */
    private static void learnIds(JsonNode recorded, JsonNode actual, Map<String, String> ids) {
        if (recorded == null || actual == null) {
            return;
        }
        if (recorded.isTextual() && actual.isTextual() && UUID_RE.matcher(recorded.asText()).matches()) {
            ids.putIfAbsent(recorded.asText(), actual.asText());
        } else if (recorded.isArray() && actual.isArray()) {
            for (int i = 0; i < Math.min(recorded.size(), actual.size()); i++) {
                learnIds(recorded.get(i), actual.get(i), ids);
            }
        } else if (recorded.isObject()) {
            for (Iterator<String> it = recorded.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                learnIds(recorded.get(k), actual.get(k), ids);
            }
        }
    }

    private static final Pattern TIME_RE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?\\+00:00");

    private static Instant recordedStart(List<Exchange> exchanges) {
        Instant first = Instant.MAX;
        for (Exchange x : exchanges) {
            Matcher m = TIME_RE.matcher(String.valueOf(x.response()));
            while (m.find()) {
                Instant t = OffsetDateTime.parse(m.group()).toInstant();
                first = t.isBefore(first) ? t : first;
            }
        }
        return first == Instant.MAX ? Instant.now() : first;
    }

    private static String shiftTimes(String text, Duration shift) {
        Matcher m = TIME_RE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, OffsetDateTime.parse(m.group()).plus(shift).toString());
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String substitute(String text, Map<String, String> ids) {
        Matcher m = UUID_RE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, ids.getOrDefault(m.group(), m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<Exchange> read(String file) throws IOException {
        List<Exchange> out = new ArrayList<>();
        try (var in = PrefectClientReplayTest.class.getResourceAsStream("/prefect-2.14/" + file);
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = reader.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode j = ApiJson.MAPPER.readTree(line);
                JsonNode req = j.get("request");
                out.add(new Exchange(n, j.get("method").asText(), j.get("path").asText(), j.get("status").asInt(),
                        req == null || req.isNull() ? null : req, j.get("response")));
            }
        }
        return out;
    }
}
