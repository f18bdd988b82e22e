package dev.orion.host.cli;

import dev.orion.api.OrionException;
import dev.orion.host.Orion;
import dev.orion.host.client.HttpOrchestrator;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.logging.LogFormat;
import dev.orion.host.metrics.MetricsEndpoint;
import dev.orion.host.metrics.OrionMetrics;
import dev.orion.host.metrics.WorkerMetrics;
import dev.orion.host.services.Worker;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code orion worker start --queue Q [--limit N]}: executes the runs of a work queue of the
 * server at {@code ORION_API_URL}, in this process, until Ctrl-C (which lets running runs end).
 */
@Command(name = "worker", mixinStandardHelpOptions = true, description = "Execute the runs of a work queue.")
final class WorkerCommand extends ParentCommand {

    private final CliContext context;

    WorkerCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Poll a work queue of the server at ORION_API_URL and execute its runs (Ctrl-C stops).")
    int start(@Option(names = "--queue", required = true, description = "The work queue to take runs from.") String queue,
              @Option(names = "--limit", defaultValue = "4", description = "At most this many runs at once (default 4).")
              int limit,
              @Option(names = "--poll", defaultValue = "2s", description = "How often to poll (default 2s).") String poll,
              @Option(names = "--heartbeat", description = "How often to heartbeat each running run (default: a "
                      + "quarter of ORION_HEARTBEAT_TIMEOUT, at most 10s).") String heartbeat,
              @Option(names = "--name", description = "The worker's name (default: worker-PID-...).") String name,
              @Option(names = "--metrics-port", description = "Serve Prometheus metrics at /metrics on this port "
                      + "(no key; 0 picks a free one).") Integer metricsPort,
              @Option(names = "--metrics-host", defaultValue = "127.0.0.1",
                      description = "Address of the metrics port (default 127.0.0.1).") String metricsHost,
              @Option(names = "--cluster", description = "Also be a member of this cluster, executing task runs of flows "
                      + "that select the cluster's task runner (default ORION_CLUSTER; needs ORION_CLUSTER_SECRET and "
                      + "the taskrunner-hazelcast plugin).") String cluster)
            throws InterruptedException {
        var settings = context.settings();
        if (settings.apiUrl().isEmpty()) {
            throw new OrionException("a worker takes runs from a server: start one with `orion server start` and set "
                    + "ORION_API_URL=http://127.0.0.1:4200/api");
        }
        Duration every = Duration.ofMillis(Math.round(DeploymentCommand.seconds("--poll", poll) * 1000));
        Duration beat = heartbeat != null ? Duration.ofMillis(Math.round(DeploymentCommand.seconds("--heartbeat", heartbeat) * 1000))
                : heartbeatEvery(settings.heartbeatTimeout());
        var out = context.out();
        // Remote mode: the engine reports to the server; plugins bring flows, languages, runners and storages.
        var options = new Worker.Options(queue, limit, every, beat, name);
        WorkerMetrics metrics = new WorkerMetrics(options.name(), limit);
        LogFormat.showRunLogs();
        Orion orion = Orion.local(settings);
        HttpOrchestrator orchestrator = (HttpOrchestrator) orion.orchestrator();
        FlowSources sources = new FlowSources(orion.plugins(), context.settings().security().flowsDir());
        MetricsEndpoint endpoint = metricsPort == null ? null
                : MetricsEndpoint.start(metricsHost, metricsPort, OrionMetrics::scrape);
        String clusterName = cluster != null ? cluster : context.env().get("ORION_CLUSTER");
        ClusterJoin joined = null;
        if (clusterName != null && !clusterName.isBlank()) {
            orion.engine().bundler(new ClusterBundles(sources, orchestrator.api()));
            joined = ClusterJoin.join(clusterName, context.env(), orion, sources, options.name());
            out.println("Worker " + options.name() + " is a member of " + joined.description);
        }
        ClusterJoin membership = joined;
        Worker worker = Worker.start(orchestrator, orion.engine(), sources, options,
                new Worker.Listener() {
                    @Override
                    public void started(UUID id, String flowName) {
                        metrics.started(id);
                        out.println("flow run " + id + " of '" + flowName + "' started");
                    }

                    @Override
                    public void finished(UUID id, FlowRunOutcome o) {
                        metrics.finished(id, o.state().type().name());
                        out.println("flow run " + id + " ended " + o.state().label());
                    }

                    @Override
                    public void failed(UUID id, String reason) {
                        metrics.notRun(id);
                        out.println("flow run " + id + " could not run: " + reason);
                    }
                });
        out.println("Worker " + worker.name() + " takes runs from work queue '" + queue + "' of "
                + settings.apiUrl().get() + " (at most " + limit + " at once)"
                + (endpoint == null ? "" : "; metrics on http://" + metricsHost + ":" + endpoint.port() + "/metrics")
                + ". Ctrl-C stops it.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.stop(Duration.ofSeconds(30));
            if (endpoint != null) {
                endpoint.close();
            }
            if (membership != null) {
                membership.close();
            }
            sources.close();
            orion.close();
            stopped.countDown();
        }, "orion-worker-stop"));
        stopped.await();
        return 0;
    }

    /**
     * A quarter of the timeout after which a silent run is declared Crashed, at most 10 s: a run
     * must heartbeat several times per timeout to survive a lost request or a server restart.
     */
    static Duration heartbeatEvery(Duration timeout) {
        Duration quarter = timeout.dividedBy(4);
        return quarter.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : quarter;
    }
}
