package dev.orion.host.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.orion.host.metrics.MetricsSettings;
import dev.orion.host.scripting.PolicySource;
import dev.orion.host.server.api.AccessApi;
import dev.orion.host.server.api.AdminApi;
import dev.orion.host.server.api.ArtifactsApi;
import dev.orion.host.server.api.BlocksApi;
import dev.orion.host.server.api.ConcurrencyLimitsApi;
import dev.orion.host.server.api.DeploymentsApi;
import dev.orion.host.server.api.FlowBundlesApi;
import dev.orion.host.server.api.FlowRunsApi;
import dev.orion.host.server.api.FlowsApi;
import dev.orion.host.server.api.GlobalConcurrencyLimitsApi;
import dev.orion.host.server.api.LogsApi;
import dev.orion.host.server.api.MetricsApi;
import dev.orion.host.server.api.PolicyApi;
import dev.orion.host.server.api.PolicyReplayApi;
import dev.orion.host.server.api.TaskRunsApi;
import dev.orion.host.server.api.UiApi;
import dev.orion.host.server.api.UiArtifactsApi;
import dev.orion.host.server.api.VariablesApi;
import dev.orion.host.server.api.WorkPoolsApi;
import dev.orion.host.server.api.WorkQueuesApi;
import dev.orion.host.services.CrashDetector;
import dev.orion.host.services.LateRunMarker;
import dev.orion.host.services.PeriodicService;
import dev.orion.host.services.SchedulerService;
import dev.orion.host.store.ScheduledRunStore;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orion's HTTP server: the REST API under {@code /api} and the web UI under {@code /} ({@link WebUi})
 * on Javalin (Jetty, virtual threads).
 * Every error is answered as {@code {"detail": "..."}}: malformed JSON 400, a schema
 * violation 422, an unknown id 404, a body over {@link #MAX_BODY_BYTES} 413, a missing API
 * key 401; and before any endpoint, the request filters: an unknown {@code Host} 421
 * ({@link HostFilter}), a foreign {@code Origin} 403 ({@link OriginFilter}), a state change that is
 * not {@code application/json} 415 ({@link JsonOnlyFilter}), a key that may not do it 401/403
 * ({@link ApiKeyFilter}). It refuses to start on a non-loopback address without a key ({@link Exposure}). The endpoint groups come from {@link #createRoutes()}, which an embedder may
 * override. Start with {@link #start(String, int)}, stop with {@link #close()}. Thread-safe.
 */
public class OrionServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrionServer.class);

    /** The largest request body accepted: 10 MiB. */
    public static final long MAX_BODY_BYTES = 10L * 1024 * 1024;

    private final ServerContext ctx;
    private Javalin app;
    private final List<PeriodicService> services = new ArrayList<>();

    public OrionServer(ServerContext ctx) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
    }

    public ServerContext context() {
        return ctx;
    }

    /** The endpoint groups, in registration order. */
    protected List<ApiRoutes> createRoutes() {
        BlocksApi blocks = new BlocksApi(ctx);
        blocks.seed();
        return new ArrayList<>(List.of(new AdminApi(ctx.plugins(), ctx.db()), new FlowsApi(ctx), new FlowRunsApi(ctx), new TaskRunsApi(ctx),
                new LogsApi(ctx), new ConcurrencyLimitsApi(ctx), new VariablesApi(ctx),
                new ArtifactsApi(ctx), new UiArtifactsApi(ctx),
                new GlobalConcurrencyLimitsApi(ctx), blocks, new PolicyApi(ctx), new DeploymentsApi(ctx),
                new WorkQueuesApi(ctx), new WorkPoolsApi(ctx), new UiApi(ctx), new AccessApi(), new MetricsApi(ctx, MetricsSettings.fromEnvironment()),
                new FlowBundlesApi(ctx.settings().home()), new PolicyReplayApi(ctx)));
    }

    /** Starts listening; port 0 picks a free port (see {@link #port()}). */
    public synchronized OrionServer start(String host, int port) {
        if (app != null) {
            throw new IllegalStateException("the server is already started");
        }
        Exposure.check(host, ctx.settings());
        ApiKeyFilter keys = ApiKeyFilter.of(ctx.settings());
        HostFilter hosts = new HostFilter(host, ctx.settings().security().allowedHosts());
        List<ApiRoutes> groups = createRoutes();
        app = Javalin.create(config -> configure(config, groups, hosts, keys));
        app.start(host, port);
        LOG.info("Orion API listening on http://{}:{}/api", host, app.port());
        return this;
    }

    /**
     * Starts the services: the scheduler and the late-run marker (Scheduled runs more than
     * {@code lateAfter} past their time become Late), each every {@code every}.
     */
    public synchronized OrionServer startServices(Duration every, Duration lateAfter) {
        ScheduledRunStore scheduled = new ScheduledRunStore(ctx.db());
        SchedulerService scheduler = SchedulerService.withDefaults(ctx.deployments(), scheduled);
        LateRunMarker late = new LateRunMarker(scheduled, ctx.orchestrator(), Clock.systemUTC(), lateAfter);
        services.add(PeriodicService.start("scheduler", scheduler::runOnce, every));
        services.add(PeriodicService.start("late-runs", late::runOnce, every));
        Duration timeout = ctx.settings().heartbeatTimeout();
        CrashDetector crashes = new CrashDetector(ctx.db(), ctx.orchestrator(), Clock.systemUTC(), timeout);
        Duration checkEvery = timeout.dividedBy(4).compareTo(every) < 0 ? timeout.dividedBy(4) : every;
        services.add(PeriodicService.start("crash-detector", crashes::runOnce, checkEvery));
        return this;
    }

    /** The port it listens on. */
    public int port() {
        return app.port();
    }

    private void configure(JavalinConfig config, List<ApiRoutes> groups, HostFilter hosts, ApiKeyFilter keys) {
        config.startup.showJavalinBanner = false;
        config.concurrency.useVirtualThreads = true;
        config.http.maxRequestSize = MAX_BODY_BYTES;
        config.router.ignoreTrailingSlashes = true;
        config.jsonMapper(new JavalinJackson(ApiJson.MAPPER, true));
        // Who may ask: the right host name (DNS rebinding), no foreign page (CSRF), then the key.
        OriginFilter origins = new OriginFilter(ctx.settings().security().allowedOrigins());
        config.routes.before(hosts::check);
        config.routes.before(origins::check);
        config.routes.before("/api/*", JsonOnlyFilter::check);
        config.routes.before("/api/*", keys::check);
        DatabaseGate gate = new DatabaseGate(ctx.db());
        gate.register(config.routes);
        groups.forEach(g -> g.register(config.routes));
        WebUi.configure(config);
        config.routes.exception(ApiException.class, (e, c) -> detail(c, e.status(), e.getMessage()));
        config.routes.exception(HttpResponseException.class, (e, c) -> detail(c, e.getStatus(), e.getMessage()));
        config.routes.exception(JsonProcessingException.class, (e, c) -> detail(c, 400, "malformed JSON: " + e.getOriginalMessage()));
        config.routes.exception(Exception.class, (e, c) -> {
            if (gate.answered(e, c)) {
                return;
            }
            LOG.error("{} {} failed", c.method(), c.path(), e);
            detail(c, 500, "internal error: " + e.getMessage());
        });
        config.routes.error(404, c -> {
            if (c.result() == null || c.result().isEmpty()) {
                detail(c, 404, "no endpoint " + c.method() + " " + c.path());
            }
        });
    }

    private static void detail(Context c, int status, String message) {
        c.status(status).contentType("application/json").result(ApiJson.write(Map.of("detail", String.valueOf(message))));
    }

    /** Stops listening, then flushes and closes the orchestrator and releases the script rules (the database stays open). */
    @Override
    public synchronized void close() {
        services.forEach(PeriodicService::close);
        services.clear();
        ctx.dueRuns().close(); // answers the workers' waiting polls, which would hold the stop up
        if (app != null) {
            app.stop();
            app = null;
        }
        ctx.orchestrator().close();
        ctx.policySource().ifPresent(PolicySource::close);
    }
}
