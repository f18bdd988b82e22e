package dev.orion.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.host.store.TestDatabase;
import io.javalin.Javalin;
import io.javalin.event.HandlerMetaInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a client sees when it sends something wrong, or no API key. */
class OrionServerTest {

    @TempDir
    Path dir;

    @Test
    void answersMalformedJsonWith400AndSchemaViolationsWith422SayingWhatWasWrong() {
        try (TestServer s = TestServer.start(TestDatabase.SQLITE, dir)) {
            ApiClient.Answer malformed = s.client.post("/flows/", "{\"name\": ");
            assertThat(malformed.status()).isEqualTo(400);
            assertThat(malformed.detail()).contains("malformed JSON");

            ApiClient.Answer unknownField = s.client.post("/flows/", "{\"name\": \"etl\", \"colour\": \"red\"}");
            assertThat(unknownField.status()).isEqualTo(422);
            assertThat(unknownField.detail()).contains("unknown field 'colour'");

            String flowId = s.client.post("/flows/", "{\"name\": \"etl\"}").body().get("id").asText();
            ApiClient.Answer badType = s.client.post("/flow_runs/",
                    "{\"flow_id\": \"" + flowId + "\", \"state\": {\"type\": \"SLEEPING\"}}");
            assertThat(badType.status()).isEqualTo(422);
            assertThat(badType.detail()).contains("state.type");

            ApiClient.Answer negativeLimit = s.client.post("/flow_runs/filter", "{\"limit\": -1}");
            assertThat(negativeLimit.status()).isEqualTo(422);
            assertThat(negativeLimit.detail()).contains("'limit' must be a whole number from 0 to 200");

            ApiClient.Answer unknownOperator = s.client.post("/flow_runs/filter",
                    "{\"flow_runs\": {\"name\": {\"sounds_like_\": [\"x\"]}}}");
            assertThat(unknownOperator.status()).isEqualTo(422);
            assertThat(unknownOperator.detail()).contains("flow_runs.name.sounds_like_");
        }
    }

    @Test
    void answersUnknownIdsWith404AndOversizedBodiesWith413() {
        try (TestServer s = TestServer.start(TestDatabase.SQLITE, dir)) {
            ApiClient.Answer missing = s.client.get("/flow_runs/" + UUID.randomUUID());
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.detail()).contains("flow run");

            ApiClient.Answer notAUuid = s.client.get("/flow_runs/abc");
            assertThat(notAUuid.status()).isEqualTo(422);

            String huge = "[" + "\"x\",".repeat(3_000_000) + "\"x\"]";
            ApiClient.Answer tooLarge = s.client.post("/logs/", huge);
            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.body().has("detail")).isTrue();

            assertThat(s.client.post("/flow_runs/count", "{}").body().asLong()).isZero();
        }
    }

    @Test
    void requiresTheApiKeyOnEveryRouteButHealth() {
        try (TestServer s = TestServer.start(TestDatabase.SQLITE, dir, "s3cret")) {
            assertThat(s.client.send("GET", "/health", null, null).status()).isEqualTo(200);
            ApiClient.Answer noKey = s.client.send("POST", "/flows/filter", "{}", null);
            assertThat(noKey.status()).isEqualTo(401);
            assertThat(noKey.detail()).contains("Authorization: Bearer");
            assertThat(s.client.send("POST", "/flows/filter", "{}", "wrong").status()).isEqualTo(401);
            assertThat(s.client.send("POST", "/flows/filter", "{}", "s3cret").status()).isEqualTo(200);

            // Every route the server registers, as Javalin lists them: none answers without the key.
            List<HandlerMetaInfo> routes = registeredApiRoutes(s.server);
            assertThat(routes).hasSizeGreaterThan(40);
            for (HandlerMetaInfo route : routes) {
                String path = route.getPath().replaceFirst("^/api", "").replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
                if (path.equals("/health")) {
                    continue;
                }
                String method = route.getHttpMethod().name();
                ApiClient.Answer wrongKey = s.client.send(method, path, method.equals("GET") ? null : "{}", "wrong");
                assertThat(wrongKey.status()).as(method + " " + route.getPath() + " without the key").isEqualTo(401);
            }
        }
    }

    /** The /api routes {@code server} registers, recorded as Javalin adds them to a router never started. */
    private static List<HandlerMetaInfo> registeredApiRoutes(OrionServer server) {
        List<HandlerMetaInfo> routes = new ArrayList<>();
        Javalin.create(config -> {
            config.events.handlerAdded(routes::add);
            server.createRoutes().forEach(g -> g.register(config.routes));
        });
        return routes.stream().filter(r -> r.getPath().startsWith("/api")).toList();
    }
}
