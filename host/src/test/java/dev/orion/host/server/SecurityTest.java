package dev.orion.host.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.api.ResultSerializer;
import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.ResultStatus;
import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.cli.Main;
import dev.orion.host.client.HttpOrchestrator;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.engine.LocalResultStorage;
import dev.orion.host.engine.Results;
import dev.orion.host.plugins.PluginRegistry;
import dev.orion.host.store.Database;
import dev.orion.host.store.DecisionRow;
import dev.orion.host.store.DeploymentRecord;
import dev.orion.host.store.RunStore;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.testing.ChildJvm;
import dev.orion.host.testing.Eventually;
import dev.orion.host.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Each attack of issue #13 tried against a real server (and a real worker process for
 * entrypoints), with the refusal a user gets: a browser-borne request (415, 403, 421), a file
 * outside the flows root (422, and the worker's and {@code flow-run retry}'s own refusal), a result
 * document naming a class, a rule script reaching for Java or secrets or looping forever, a server
 * exposed without a key, and a read-only key that tries to write.
 */
class SecurityTest {

    @TempDir
    Path dir;

    /** A real server on a free port over a fresh SQLite database, with these settings. */
    private record Server(Database db, OrionServer server) implements AutoCloseable {
        static Server start(Path dir, Map<String, String> extra) {
            Map<String, String> env = new HashMap<>(Map.of("ORION_HOME", dir.resolve("home").toString()));
            env.putAll(extra);
            Database db = TestDatabase.SQLITE.open(dir);
            try {
                return new Server(db, new OrionServer(ServerContext.create(OrionSettings.fromMap(env), db,
                        PluginRegistry.none())).start("127.0.0.1", 0));
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
        }

        int port() {
            return server.port();
        }

        RawHttp http() {
            return RawHttp.to(port()).header("Content-Type", "application/json");
        }

        String url() {
            return "http://127.0.0.1:" + port() + "/api";
        }

        @Override
        public void close() {
            server.close();
            db.close();
        }
    }

    // ---- browser-borne requests --------------------------------------------------------------

    @Test
    void aCrossSiteSimplePostIsRefusedWith415AndCreatesNothing() {
        try (Server s = Server.start(dir, Map.of())) {
            for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
                RawHttp.Answer a = s.http().header("Content-Type", type).send("POST", "/api/flows/", "{\"name\": \"csrf\"}");
                assertThat(a.status()).as(type).isEqualTo(415);
                assertThat(a.detail()).contains("needs 'Content-Type: application/json'").contains(type);
            }
            RawHttp.Answer none = s.http().header("Content-Type", null).send("POST", "/api/flows/", "{\"name\": \"csrf\"}");
            assertThat(none.status()).isEqualTo(415);
            assertThat(none.detail()).contains("got none");

            assertThat(s.http().send("POST", "/api/flows/filter", "{}").body()).isEmpty();
            RawHttp.Answer json = s.http().header("Content-Type", "application/json; charset=utf-8")
                    .send("POST", "/api/flows/", "{\"name\": \"mine\"}");
            assertThat(json.status()).isIn(200, 201);
        }
    }

    @Test
    void aPostWithoutABodyNeedsNoTypeButFromAForeignOriginIsStillRefused() {
        try (Server s = Server.start(dir, Map.of())) {
            String flowId = s.http().send("POST", "/api/flows/", "{\"name\": \"hello\"}").body().get("id").asText();
            String id = deployment(s, flowId, "hello.js");
            String path = "/api/deployments/" + id + "/set_schedule_active";

            RawHttp.Answer forged = s.http().header("Content-Type", null).header("Origin", "https://evil.example.com")
                    .send("POST", path, null);
            assertThat(forged.status()).isEqualTo(403);
            assertThat(s.server.context().deployments().find(UUID.fromString(id)).orElseThrow().scheduleActive()).isFalse();

            // What Prefect's client sends to switch a schedule: no body, so no type.
            assertThat(s.http().header("Content-Type", null).send("POST", path, null).status()).isEqualTo(200);
            assertThat(s.server.context().deployments().find(UUID.fromString(id)).orElseThrow().scheduleActive()).isTrue();
        }
    }

    @Test
    void aRequestFromAForeignOriginIsRefusedWith403AndTheOwnOriginOrAListedOneIsServed() {
        try (Server s = Server.start(dir, Map.of("ORION_ALLOWED_ORIGINS", "https://ops.example.com"))) {
            RawHttp.Answer foreign = s.http().header("Origin", "https://evil.example.com")
                    .send("POST", "/api/flows/", "{\"name\": \"csrf\"}");
            assertThat(foreign.status()).isEqualTo(403);
            assertThat(foreign.detail()).contains("origin 'https://evil.example.com' are refused")
                    .contains("ORION_ALLOWED_ORIGINS");
            assertThat(s.http().header("Origin", "https://evil.example.com").get("/api/flows/count").status()).isEqualTo(403);
            assertThat(s.http().header("Origin", "null").send("POST", "/api/flows/", "{\"name\": \"x\"}").status())
                    .isEqualTo(403);

            String own = "http://127.0.0.1:" + s.port();
            assertThat(s.http().header("Origin", own).send("POST", "/api/flows/", "{\"name\": \"mine\"}").status())
                    .isIn(200, 201);
            assertThat(s.http().header("Origin", "https://ops.example.com").send("POST", "/api/flows/filter", "{}")
                    .body()).extracting(f -> f.get("name").asText()).containsExactly("mine");
        }
    }

    @Test
    void aRequestForAnotherHostNameIsRefusedWith421AgainstDnsRebinding() {
        try (Server s = Server.start(dir, Map.of("ORION_ALLOWED_HOSTS", "orion.internal"))) {
            RawHttp.Answer rebound = s.http().header("Host", "evil.example.com:" + s.port()).get("/api/flow_runs/count");
            assertThat(rebound.status()).isEqualTo(421);
            assertThat(rebound.detail()).contains("does not answer to the host 'evil.example.com:" + s.port() + "'")
                    .contains("ORION_ALLOWED_HOSTS");
            assertThat(s.http().header("Host", "evil.example.com").get("/").status()).isEqualTo(421);

            assertThat(s.http().header("Host", "localhost:" + s.port()).get("/api/health").status()).isEqualTo(200);
            assertThat(s.http().header("Host", "[::1]:" + s.port()).get("/api/health").status()).isEqualTo(200);
            assertThat(s.http().header("Host", "orion.internal").get("/api/health").status()).isEqualTo(200);
        }
    }

    // ---- entrypoints -------------------------------------------------------------------------

    @Test
    void theApiRefusesEntrypointsOutsideTheFlowsRootWith422() {
        try (Server s = Server.start(dir, Map.of())) {
            String flowId = s.http().send("POST", "/api/flows/", "{\"name\": \"etl\"}").body().get("id").asText();
            for (String bad : List.of("/etc/passwd", "../../etc/passwd:etl", "flows/../../x.js", "C:\\\\x.js", "~/x.js")) {
                RawHttp.Answer a = s.http().send("POST", "/api/deployments/", "{\"name\": \"d\", \"flow_id\": \"" + flowId
                        + "\", \"entrypoint\": \"" + bad + "\"}");
                assertThat(a.status()).as(bad).isEqualTo(422);
                assertThat(a.detail()).contains("is refused").contains("ORION_FLOWS_DIR");
            }
            for (String good : List.of("etl/etl.js:etl", "flow:word-count", "Etl.java")) {
                assertThat(s.http().send("POST", "/api/deployments/", "{\"name\": \"d\", \"flow_id\": \"" + flowId
                        + "\", \"entrypoint\": \"" + good + "\"}").status()).as(good).isEqualTo(201);
            }
            String runId = s.http().send("POST", "/api/flow_runs/", "{\"flow_id\": \"" + flowId + "\"}").body().get("id").asText();
            RawHttp.Answer patch = s.http().send("PATCH", "/api/flow_runs/" + runId,
                    "{\"context\": {\"orion_entrypoint\": \"/home/user/.ssh/evil.js\"}}");
            assertThat(patch.status()).isEqualTo(422);
            assertThat(patch.detail()).contains("is refused");
        }
    }

    @Test
    void aWorkerProcessRefusesAStoredEntrypointOutsideItsFlowsRootAndRunsOneInsideIt() throws Exception {
        Path root = Files.createDirectories(dir.resolve("flows"));
        Files.writeString(root.resolve("hello.js"), "export default flow(\"hello\", () => 42);\n");
        Path outside = Files.writeString(dir.resolve("evil.js"), "this is not JavaScript: loading it would fail\n");
        try (Server s = Server.start(dir, Map.of())) {
            String flowId = s.http().send("POST", "/api/flows/", "{\"name\": \"hello\"}").body().get("id").asText();
            s.http().send("POST", "/api/work_queues/", "{\"name\": \"q\"}");
            // Stored behind the API's back (an older server, a database write): the worker checks again.
            List<String> refused = new ArrayList<>();
            for (String entrypoint : List.of(outside.toString(), "../evil.js")) {
                refused.add(runOf(s, deployment(s, flowId, entrypoint)));
            }
            String good = runOf(s, deployment(s, flowId, "hello.js"));
            Process worker = workerProcess(s, root);
            try {
                await(() -> terminal(s, good) && refused.stream().allMatch(id -> terminal(s, id)), worker);
            } finally {
                worker.destroy();
                worker.waitFor();
            }
            JsonNode ok = s.http().get("/api/flow_runs/" + good).body();
            assertThat(ok.get("state_type").asText()).isEqualTo("COMPLETED");
            for (String id : refused) {
                JsonNode run = s.http().get("/api/flow_runs/" + id).body();
                assertThat(run.get("state_type").asText()).isEqualTo("CRASHED");
                assertThat(run.at("/state/message").asText()).contains("is refused").doesNotContain("SyntaxError");
            }
        }
    }

    @Test
    void flowRunRetryRefusesARunWhoseRecordedEntrypointIsOutsideTheFlowsRoot() throws Exception {
        Path outside = Files.writeString(dir.resolve("Evil.java"), "class Evil {}\n");
        try (Server s = Server.start(dir, Map.of())) {
            String flowId = s.http().send("POST", "/api/flows/", "{\"name\": \"evil\"}").body().get("id").asText();
            String runId = s.http().send("POST", "/api/flow_runs/", "{\"flow_id\": \"" + flowId
                    + "\", \"state\": {\"type\": \"FAILED\", \"name\": \"Failed\"}}").body().get("id").asText();
            s.server.context().orchestrator().updateRun(UUID.fromString(runId), RunKind.FLOW, r -> {
                var b = r.toBuilder();
                b.entrypoint = outside + ":evil";
                return b.build();
            });
            s.db.writer().flush();

            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(new String[] {"flow-run", "retry", runId}, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("ORION_HOME", dir.resolve("cli").toString(),
                            "ORION_API_URL", s.url(), "ORION_FLOWS_DIR", dir.resolve("flows").toString()));

            assertThat(code).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("is refused").contains("ORION_FLOWS_DIR");
        }
    }

    @Test
    void deploymentCreateRefusesAFileOutsideTheFlowsRootAndStoresOneInsideItRelativeToIt() throws Exception {
        Path root = Files.createDirectories(dir.resolve("flows"));
        Path inside = Files.writeString(Files.createDirectories(root.resolve("etl")).resolve("hello.js"),
                "export default flow(\"hello\", () => 42);\n");
        Path outside = Files.writeString(dir.resolve("hello.js"), "export default flow(\"hello\", () => 42);\n");
        try (Server s = Server.start(dir, Map.of())) {
            Map<String, String> env = Map.of("ORION_HOME", dir.resolve("cli").toString(), "ORION_API_URL", s.url(),
                    "ORION_FLOWS_DIR", root.toString());
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int refused = Main.run(new String[] {"deployment", "create", outside.toString(), "--name", "d"},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), env);
            assertThat(refused).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("is outside the flows root").contains("ORION_FLOWS_DIR");

            int created = Main.run(new String[] {"deployment", "create", inside.toString(), "--name", "d"},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()), env);
            assertThat(created).isZero();
            assertThat(s.http().send("POST", "/api/deployments/filter", "{}").body().get(0).get("entrypoint").asText())
                    .isEqualTo("etl/hello.js:hello");
        }
    }

    // ---- results -----------------------------------------------------------------------------

    /** A class an attacker names in a result document; reading must never construct it. */
    public static final class Gadget {
        static final AtomicInteger CREATED = new AtomicInteger();
        public String command;

        public Gadget() {
            CREATED.incrementAndGet();
        }
    }

    @Test
    void aResultDocumentNamingAClassIsReadAsJsonValuesWithoutConstructingIt() throws Exception {
        try (Server s = Server.start(dir, Map.of())) {
            String flowId = s.http().send("POST", "/api/flows/", "{\"name\": \"f\"}").body().get("id").asText();
            String runId = s.http().send("POST", "/api/flow_runs/", "{\"flow_id\": \"" + flowId
                    + "\", \"state\": {\"type\": \"RUNNING\", \"name\": \"Running\"}}").body().get("id").asText();
            String document = Json.MAPPER.writeValueAsString(Map.of("type", Gadget.class.getName(),
                    "value", Map.of("command", "rm -rf /")));
            RawHttp.Answer set = s.http().send("POST", "/api/flow_runs/" + runId + "/set_state", Json.MAPPER.writeValueAsString(
                    Map.of("state", Map.of("type", "COMPLETED", "name", "Completed", "data", Results.INLINE + document))));
            assertThat(set.status()).isEqualTo(201);

            try (HttpOrchestrator api = HttpOrchestrator.connect(s.url(), Optional.empty())) {
                String ref = api.readRun(UUID.fromString(runId), RunKind.FLOW).orElseThrow().state().resultRef();
                Object value = new Results(dir.resolve("results"), Json.MAPPER).read(ref, getClass().getClassLoader());

                assertThat(value).isEqualTo(Map.of("command", "rm -rf /"));
                assertThat(Gadget.CREATED).hasValue(0);
            }
        }
    }

    @Test
    void aStoredResultNamesItsSerializerAndStorage() throws IOException {
        Results results = new Results(dir.resolve("results"), Json.MAPPER);
        String ref = results.write(Map.of("rows", 3), true);

        JsonNode document = Json.MAPPER.readTree(dir.resolve("results").resolve(ref.substring(ref.indexOf(':') + 1)).toFile());
        assertThat(document.get("serializer").asText()).isEqualTo("json");
        assertThat(document.get("storage").asText()).isEqualTo("local");
        assertThat(document.has("type")).isFalse();
        assertThat(results.read(ref, (Type) Object.class)).isEqualTo(Map.of("rows", 3));
    }

    /** A serializer the host would get from a plugin: keeps {@link Money} as {@code "12.50 EUR"}. */
    record Money(BigDecimal amount, String currency) {
    }

    static final class MoneySerializer implements ResultSerializer {
        @Override
        public String name() {
            return "money";
        }

        @Override
        public boolean accepts(Object value) {
            return value instanceof Money;
        }

        @Override
        public String serialize(Object value) {
            Money m = (Money) value;
            return m.amount().toPlainString() + " " + m.currency();
        }

        @Override
        public Object deserialize(String text) {
            String[] parts = text.split(" ");
            return new Money(new BigDecimal(parts[0]), parts[1]);
        }
    }

    @Test
    void aTypedResultComesBackOnlyThroughTheSerializerRegisteredUnderItsName() throws IOException {
        List<LocalResultStorage> local = List.of(new LocalResultStorage(
                dir.resolve("results")));
        Results withPlugin = new Results(local, "local", Json.MAPPER, List.of(new MoneySerializer()));
        String ref = withPlugin.write(new Money(new BigDecimal("12.50"), "EUR"), true);

        JsonNode document = Json.MAPPER.readTree(dir.resolve("results").resolve(ref.substring(ref.indexOf(':') + 1)).toFile());
        assertThat(document.get("serializer").asText()).isEqualTo("money");
        assertThat(document.get("value").asText()).isEqualTo("12.50 EUR");
        assertThat(withPlugin.read(ref, (Type) Object.class))
                .isEqualTo(new Money(new BigDecimal("12.50"), "EUR"));
        assertThatThrownBy(() -> new Results(local, "local", Json.MAPPER).read(ref, (Type) Object.class))
                .hasMessageContaining("written by the serializer 'money', which no plugin here registers");
    }

    // ---- rule scripts ------------------------------------------------------------------------
    // (Script rules decide in the embedded engine here: the server composes its policy without them
    // until issue #12 gives every mode one composer; the sandbox is the same ScriptRules either way.)

    /** An embedded Orion whose rules folder holds one rule script, with the flow run's Pending decided by it. */
    private Orion orionWithRule(String file, String script) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve(file), """
                rule({
                  name: "NAME", from: ["NONE", "SCHEDULED"], to: ["PENDING"],
                  before(ctx) {
                """.replace("NAME", file.replace(".js", "")) + script + "\n  },\n});\n");
        return Orion.local(OrionSettings.fromMap(Map.of("ORION_HOME", dir.resolve("home").toString(),
                "ORION_RULES_DIR", rules.toString())));
    }

    @Test
    void aRuleScriptReachesNeitherJavaNorSecretsAndOnlyOrionRuleSettings() throws IOException {
        System.setProperty("ORION_RULE_GREETING", "hello");
        try (Orion orion = orionWithRule("Spy.js", """
                    const seen = [];
                    try { seen.push("class=" + ctx.getClass().getName()); } catch (e) { seen.push("no-class"); }
                    try { seen.push("java=" + Java.type("java.lang.System").getenv("PATH")); } catch (e) { seen.push("no-java"); }
                    try { seen.push("key=" + ctx.setting("ORION_API_KEY", "unset")); } catch (e) { seen.push("no-key"); }
                    try { seen.push("db=" + ctx.setting("ORION_DATABASE_URL", "unset")); } catch (e) { seen.push("no-db"); }
                    seen.push("greeting=" + ctx.setting("ORION_RULE_GREETING", "none"));
                    seen.push("tags=" + ctx.tags().length);
                    ctx.reject("CANCELLED", seen.join(" "));
                """)) {
            FlowRunOutcome run = orion.run(Flow.of("f", () -> 1).withTags("a"), Map.of());

            assertThat(run.state().type()).isEqualTo(StateType.CANCELLED);
            assertThat(run.state().message()).isEqualTo("no-class no-java no-key no-db greeting=hello tags=1");
        } finally {
            System.clearProperty("ORION_RULE_GREETING");
        }
    }

    @Test
    void aRuleThatLoopsForeverIsCutOffAndTheProposalIsDecidedAsIfItAbstained() throws IOException {
        System.setProperty("ORION_RULES_TIME_LIMIT", "0.5");
        try (Orion orion = orionWithRule("LoopForever.js", """
                    ctx.delay(3600, "held for an hour");
                    for (;;) { }
                """)) {
            FlowRunOutcome run = orion.run(Flow.of("f", () -> 1), Map.of());

            assertThat(run.isCompleted()).isTrue();
            orion.orchestrator().flush();
            DecisionRow toPending = new RunStore(orion.database()).decisions(run.flowRunId()).stream()
                    .filter(d -> d.proposedType() == StateType.PENDING).findFirst().orElseThrow();
            assertThat(toPending.status()).isEqualTo(ResultStatus.ACCEPT);
            assertThat(toPending.trace()).anySatisfy(line -> assertThat(line)
                    .startsWith("LoopForever: abstained (its hook ran past the time limit of 500 ms"));
        } finally {
            System.clearProperty("ORION_RULES_TIME_LIMIT");
        }
    }

    // ---- keys and exposure -------------------------------------------------------------------

    @Test
    void aServerOnANonLoopbackAddressWithoutAKeyRefusesToStartUnlessAllowedAndThenWarns() {
        Map<String, String> env = Map.of("ORION_HOME", dir.resolve("home").toString());
        try (Database db = TestDatabase.SQLITE.open(dir)) {
            OrionServer exposed = new OrionServer(ServerContext.create(OrionSettings.fromMap(env), db, PluginRegistry.none()));
            assertThatThrownBy(() -> exposed.start("0.0.0.0", 0)).isInstanceOf(OrionException.class)
                    .hasMessageContaining("refusing to listen on 0.0.0.0 without ORION_API_KEY")
                    .hasMessageContaining("--allow-no-key");
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"server", "start", "--host", "0.0.0.0", "--port", "0"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("ORION_HOME", dir.resolve("cli").toString(), "ORION_DATABASE_URL", TestDatabase.SQLITE.url(dir)));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("refusing to listen on 0.0.0.0 without ORION_API_KEY");

        Logger log = (Logger) LoggerFactory.getLogger(Exposure.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        log.addAppender(warnings);
        try (Server s = startOn("0.0.0.0", Map.of("ORION_ALLOW_NO_KEY", "true"))) {
            assertThat(RawHttp.to(s.port()).get("/api/health").status()).isEqualTo(200);
            assertThat(warnings.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.contains("listening on 0.0.0.0 without ORION_API_KEY"));
        } finally {
            log.detachAppender(warnings);
        }
    }

    @Test
    void aReadOnlyKeyReadsAndQueriesButCannotChangeAnything() {
        try (Server s = Server.start(dir, Map.of("ORION_API_KEY", "full-key", "ORION_API_READ_KEY", "read-key"))) {
            RawHttp.Answer created = s.http().header("Authorization", "Bearer full-key")
                    .send("POST", "/api/flows/", "{\"name\": \"f\"}");
            assertThat(created.status()).isIn(200, 201);
            String flowId = created.body().get("id").asText();

            RawHttp reader = s.http().header("Authorization", "Bearer read-key");
            assertThat(reader.get("/api/flows/" + flowId).status()).isEqualTo(200);
            assertThat(reader.send("POST", "/api/flows/filter", "{}").body()).hasSize(1);
            assertThat(reader.send("POST", "/api/flow_runs/count", "{}").status()).isEqualTo(200);
            assertThat(reader.get("/api/access").body().get("access").asText()).isEqualTo("read");
            RawHttp.Answer write = reader.send("POST", "/api/flow_runs/", "{\"flow_id\": \"" + flowId + "\"}");
            assertThat(write.status()).isEqualTo(403);
            assertThat(write.detail()).contains("this API key is read-only");
            assertThat(reader.send("DELETE", "/api/flows/" + flowId, null).status()).isEqualTo(403);

            assertThat(s.http().header("Authorization", "Bearer full-key").get("/api/access").body().get("access").asText())
                    .isEqualTo("full");
            assertThat(s.http().get("/api/flows/" + flowId).status()).isEqualTo(401);
        }
        assertThatThrownBy(() -> Server.start(dir.resolve("other"), Map.of("ORION_API_READ_KEY", "read-key")))
                .hasMessageContaining("ORION_API_READ_KEY is set but ORION_API_KEY is not");
    }

    // ---- helpers -----------------------------------------------------------------------------

    private Server startOn(String host, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("ORION_HOME", dir.resolve("exposed").toString()));
        env.putAll(extra);
        Database db = TestDatabase.SQLITE.open(dir);
        return new Server(db, new OrionServer(ServerContext.create(OrionSettings.fromMap(env), db, PluginRegistry.none()))
                .start(host, 0));
    }

    private static String deployment(Server s, String flowId, String entrypoint) {
        return s.server.context().deployments().save(new DeploymentRecord(UUID.randomUUID(), "d-" + UUID.randomUUID(),
                UUID.fromString(flowId), "hello", null, entrypoint, null, null, false, "{}", Set.of(), "q", null, null))
                .id().toString();
    }

    private static String runOf(Server s, String deploymentId) {
        return s.http().send("POST", "/api/deployments/" + deploymentId + "/create_flow_run", "{}").body().get("id").asText();
    }

    private static boolean terminal(Server s, String runId) {
        return Set.of("COMPLETED", "FAILED", "CRASHED", "CANCELLED")
                .contains(s.http().get("/api/flow_runs/" + runId).body().get("state_type").asText());
    }

    private Process workerProcess(Server s, Path flowsRoot) throws IOException {
        Map<String, String> env = Map.of("ORION_HOME", dir.resolve("worker-home").toString(), "ORION_API_URL", s.url(),
                "ORION_FLOWS_DIR", flowsRoot.toString());
        return ChildJvm.builder(ChildJvm.orion("worker", "start", "--queue", "q", "--poll", "0.2s", "--name", "w1"), env)
                .redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile()).start();
    }

    /** Waits (generously: the machine is loaded) until the condition holds; the worker's death fails at once. */
    private void await(BooleanSupplier condition, Process worker) {
        Eventually.until("the worker ends the runs", Duration.ofSeconds(120), () -> {
            if (!worker.isAlive()) {
                throw new AssertionError("the worker died; its log:\n" + Files.readString(dir.resolve("worker.log")));
            }
            return condition.getAsBoolean();
        });
    }
}
