package dev.orion.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orion.api.RunKind;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.AbstractOrchestrationRule;
import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.api.orchestration.TransitionContext;
import dev.orion.host.OrionSettings;
import dev.orion.host.orchestration.PolicySet;
import dev.orion.host.orchestration.rules.CorePolicies;
import dev.orion.host.services.LateRunMarker;
import dev.orion.host.services.SchedulerService;
import dev.orion.host.store.Database;
import dev.orion.host.store.ScheduledRunStore;
import dev.orion.host.store.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Deployments with schedules, the scheduler, the late-run marker and work-queue claims, over HTTP. */
class DeploymentsAndWorkQueuesTest {

    @TempDir
    Path dir;

    private static String deploy(TestServer s, String schedule) {
        String flowId = s.client.post("/flows/", "{\"name\": \"etl\"}").body().get("id").asText();
        ApiClient.Answer d = s.client.post("/deployments/", "{\"name\": \"nightly\", \"flow_id\": \"" + flowId
                + "\", \"work_queue_name\": \"q\", \"parameters\": {\"n\": 3}" + (schedule == null ? "" : ", \"schedule\": " + schedule) + "}");
        assertThat(d.status()).as(String.valueOf(d.body())).isEqualTo(201);
        return d.body().get("id").asText();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void schedulesTheNextRunsOfADeploymentOnceEvenWithTwoSchedulers(TestDatabase database) throws Exception {
        try (TestServer s = TestServer.start(database, dir)) {
            deploy(s, "{\"interval\": 600}");
            var store = s.server.context().deployments();
            SchedulerService a = SchedulerService.withDefaults(store, new ScheduledRunStore(s.db));
            SchedulerService b = SchedulerService.withDefaults(store, new ScheduledRunStore(s.db));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Future<Integer> fa = pool.submit(a::runOnce);
            Future<Integer> fb = pool.submit(b::runOnce);
            int created = fa.get() + fb.get() + a.runOnce();
            pool.shutdown();

            JsonNode runs = s.client.post("/flow_runs/filter", "{\"sort\": \"EXPECTED_START_TIME_ASC\"}").body();
            assertThat(created).isEqualTo(runs.size()).isEqualTo(6);
            for (JsonNode r : runs) {
                assertThat(r.get("state_name").asText()).isEqualTo("Scheduled");
                assertThat(r.get("work_queue_name").asText()).isEqualTo("q");
                assertThat(r.get("parameters").get("n").asInt()).isEqualTo(3);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aServedFlowPollsItsDueRunsAndSwitchingTheScheduleOffDeletesTheWaitingOnes(TestDatabase database) {
        try (TestServer s = TestServer.start(database, dir)) {
            String id = deploy(s, "{\"interval\": 600}");
            SchedulerService.withDefaults(s.server.context().deployments(), new ScheduledRunStore(s.db)).runOnce();
            String asked = s.client.post("/deployments/" + id + "/create_flow_run", "{}").body().get("id").asText();
            String later = Instant.now().plus(Duration.ofDays(2)).toString();

            JsonNode due = s.client.post("/deployments/get_scheduled_flow_runs",
                    "{\"deployment_ids\": [\"" + id + "\"], \"scheduled_before\": \"" + later + "\"}").body();
            assertThat(due).hasSize(7);
            assertThat(due.get(0).get("id").asText()).isEqualTo(asked); // the earliest first
            JsonNode dueNow = s.client.post("/deployments/get_scheduled_flow_runs",
                    "{\"deployment_ids\": [\"" + id + "\"], \"limit\": 5}").body();
            assertThat(dueNow).extracting(r -> r.get("id").asText()).containsExactly(asked);
            assertThat(s.client.post("/deployments/get_scheduled_flow_runs", "{}").status()).isEqualTo(422);

            assertThat(s.client.post("/deployments/" + id + "/set_schedule_inactive", "{}").status()).isEqualTo(200);
            JsonNode left = s.client.post("/flow_runs/filter", "{}").body();
            assertThat(left).extracting(r -> r.get("id").asText()).containsExactly(asked);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void givesEachDueRunToExactlyOneOfSeveralWorkersPolling(TestDatabase database) throws Exception {
        try (TestServer s = TestServer.start(database, dir)) {
            String deploymentId = deploy(s, null);
            String queueId = s.client.post("/work_queues/", "{\"name\": \"q\"}").body().get("id").asText();
            List<String> created = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                ApiClient.Answer r = s.client.post("/deployments/" + deploymentId + "/create_flow_run", "{}");
                assertThat(r.body().get("state_type").asText()).isEqualTo("SCHEDULED");
                created.add(r.body().get("id").asText());
            }
            ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
            ExecutorService workers = Executors.newFixedThreadPool(4);
            List<Future<?>> polls = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String body = "{\"limit\": 5, \"worker\": \"w" + w + "\"}";
                polls.add(workers.submit(() -> {
                    for (int i = 0; i < 3; i++) {
                        s.client.post("/work_queues/" + queueId + "/get_runs", body).body()
                                .forEach(r -> claimed.add(r.get("id").asText()));
                    }
                }));
            }
            for (Future<?> f : polls) {
                f.get();
            }
            workers.shutdown();
            assertThat(claimed).hasSize(12).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
            assertThat(s.client.post("/flow_runs/count", "{\"flow_runs\": {\"state\": {\"type\": {\"any_\": [\"PENDING\"]}}}}")
                    .body().asInt()).isEqualTo(12);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aRunCreatedFromADeploymentKeepsTheRetriesItWasGiven(TestDatabase database) {
        try (TestServer s = TestServer.start(database, dir)) {
            String deploymentId = deploy(s, null);
            ApiClient.Answer r = s.client.post("/deployments/" + deploymentId + "/create_flow_run",
                    "{\"empirical_policy\": {\"retries\": 3, \"retry_delay\": 5}}");
            assertThat(r.status()).isEqualTo(201);
            JsonNode policy = s.client.get("/flow_runs/" + r.body().get("id").asText()).body().get("empirical_policy");
            assertThat(policy.get("retries").asInt()).isEqualTo(3);
            assertThat(policy.get("retry_delay").asDouble()).isEqualTo(5.0);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aQueueListsTheWorkersSeenWithTheirLastPollAndLastHeartbeat(TestDatabase database) {
        try (TestServer s = TestServer.start(database, dir)) {
            String deploymentId = deploy(s, null);
            String queueId = s.client.post("/work_queues/", "{\"name\": \"q\"}").body().get("id").asText();
            String runId = s.client.post("/deployments/" + deploymentId + "/create_flow_run", "{}").body().get("id").asText();
            s.client.post("/work_queues/" + queueId + "/get_runs", "{\"worker\": \"idle-worker\", \"limit\": 0}");
            var claimed = s.client.post("/work_queues/" + queueId + "/get_runs", "{\"worker\": \"busy-worker\"}").body();
            assertThat(claimed).extracting(r -> r.get("id").asText()).containsExactly(runId);
            s.client.post("/flow_runs/" + runId + "/heartbeat", "{}");

            var workers = s.client.send("GET", "/work_queues/" + queueId + "/workers", null).body();
            assertThat(workers).extracting(w -> w.get("name").asText())
                    .containsExactlyInAnyOrder("idle-worker", "busy-worker");
            workers.forEach(w -> {
                assertThat(w.get("last_polled").isNull()).isFalse();
                assertThat(w.get("last_heartbeat").isNull()).isEqualTo(w.get("name").asText().equals("idle-worker"));
            });
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void marksScheduledRunsPastTheirTimeLateAndPausedQueuesGiveNothing(TestDatabase database) {
        try (TestServer s = TestServer.start(database, dir)) {
            String deploymentId = deploy(s, null);
            String past = Instant.now().minusSeconds(120).toString();
            String runId = s.client.post("/deployments/" + deploymentId + "/create_flow_run",
                    "{\"state\": {\"type\": \"SCHEDULED\", \"state_details\": {\"scheduled_time\": \"" + past + "\"}}}")
                    .body().get("id").asText();
            LateRunMarker marker = new LateRunMarker(new ScheduledRunStore(s.db), s.server.context().orchestrator(),
                    Clock.systemUTC(), Duration.ofSeconds(15));
            assertThat(marker.runOnce()).isEqualTo(1);
            assertThat(s.client.get("/flow_runs/" + runId).body().get("state_name").asText()).isEqualTo("Late");

            String queueId = s.client.post("/work_queues/", "{\"name\": \"q\", \"is_paused\": true}").body().get("id").asText();
            assertThat(s.client.post("/work_queues/" + queueId + "/get_runs", "{}").body()).isEmpty();
            assertThat(s.client.post("/work_queues/", "{\"name\": \"q\"}").status()).isEqualTo(409);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aQueuesConcurrencyLimitHoldsUnderManyConcurrentPollersOnEveryServer(TestDatabase database) throws Exception {
        // On PostgreSQL two servers share the database: the limit must hold across them too.
        String url = database.url(dir);
        int servers = database == TestDatabase.POSTGRESQL ? 2 : 1;
        List<Database> dbs = new ArrayList<>();
        List<OrionServer> running = new ArrayList<>();
        try {
            for (int i = 0; i < servers; i++) {
                Database db = Database.open(url);
                dbs.add(db);
                running.add(new OrionServer(ServerContext.create(OrionSettings.fromMap(Map.of("ORION_HOME",
                        dir.resolve("home" + i).toString())), db, CorePolicies::policySet)).start("127.0.0.1", 0));
            }
            List<ApiClient> clients = running.stream()
                    .map(r -> new ApiClient("http://127.0.0.1:" + r.port() + "/api", null)).toList();
            ApiClient first = clients.getFirst();
            String flowId = first.post("/flows/", "{\"name\": \"etl\"}").body().get("id").asText();
            String deploymentId = first.post("/deployments/", "{\"name\": \"d\", \"flow_id\": \"" + flowId
                    + "\", \"work_queue_name\": \"q\"}").body().get("id").asText();
            String queueId = first.post("/work_queues/", "{\"name\": \"q\", \"concurrency_limit\": 3}").body()
                    .get("id").asText();
            for (int i = 0; i < 20; i++) {
                first.post("/deployments/" + deploymentId + "/create_flow_run", "{}");
            }
            ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
            ExecutorService pollers = Executors.newFixedThreadPool(8);
            List<Future<?>> polls = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                ApiClient client = clients.get(w % clients.size());
                String body = "{\"limit\": 5, \"worker\": \"w" + w + "\"}";
                polls.add(pollers.submit(() -> {
                    for (int i = 0; i < 5; i++) {
                        client.post("/work_queues/" + queueId + "/get_runs", body).body()
                                .forEach(r -> claimed.add(r.get("id").asText()));
                    }
                }));
            }
            for (Future<?> f : polls) {
                f.get();
            }
            pollers.shutdown();

            assertThat(claimed).hasSize(3).doesNotHaveDuplicates();
            assertThat(first.post("/flow_runs/count", "{\"flow_runs\": {\"state\": {\"type\": {\"any_\": [\"PENDING\"]}}}}")
                    .body().asInt()).isEqualTo(3);
        } finally {
            running.forEach(OrionServer::close);
            dbs.forEach(Database::close);
        }
    }

    /** Tells a flow run's Pending to wait while {@code hold} is set. */
    private static final class Hold extends AbstractOrchestrationRule {
        private final AtomicBoolean hold;

        Hold(AtomicBoolean hold) {
            super("Hold", "Delays Pending while held", Set.of(RunKind.FLOW), Set.of(StateType.SCHEDULED), false,
                    Set.of(StateType.PENDING));
            this.hold = hold;
        }

        @Override
        public void beforeTransition(TransitionContext ctx) {
            if (hold.get()) {
                ctx.delay(30, "held");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aClaimWhosePendingIsToldToWaitIsReleasedAndALaterPollClaimsTheRun(TestDatabase database) throws Exception {
        AtomicBoolean hold = new AtomicBoolean(true);
        PolicySet core = CorePolicies.policySet();
        List<OrchestrationRule> flow = new ArrayList<>(List.of(new Hold(hold)));
        flow.addAll(core.flow());
        PolicySet held = new PolicySet(flow, core.task(), core.minimalFlow(), core.minimalTask());
        try (Database db = database.open(dir)) {
            OrionServer server = new OrionServer(ServerContext.create(OrionSettings.fromMap(Map.of("ORION_HOME",
                    dir.resolve("home").toString())), db, () -> held)).start("127.0.0.1", 0);
            try {
                ApiClient api = new ApiClient("http://127.0.0.1:" + server.port() + "/api", null);
                String flowId = api.post("/flows/", "{\"name\": \"etl\"}").body().get("id").asText();
                String deploymentId = api.post("/deployments/", "{\"name\": \"d\", \"flow_id\": \"" + flowId
                        + "\", \"work_queue_name\": \"q\"}").body().get("id").asText();
                String queueId = api.post("/work_queues/", "{\"name\": \"q\"}").body().get("id").asText();
                String runId = api.post("/deployments/" + deploymentId + "/create_flow_run", "{}").body().get("id").asText();

                assertThat(api.post("/work_queues/" + queueId + "/get_runs", "{\"worker\": \"w1\"}").body()).isEmpty();
                assertThat(api.get("/flow_runs/" + runId).body().get("state_type").asText()).isEqualTo("SCHEDULED");

                hold.set(false);
                assertThat(api.post("/work_queues/" + queueId + "/get_runs", "{\"worker\": \"w2\"}").body())
                        .extracting(r -> r.get("id").asText()).containsExactly(runId);
            } finally {
                server.close();
            }
        }
    }
}
