package dev.orion.host.cli;

import dev.orion.api.OrionException;
import dev.orion.api.TaskRunner;
import dev.orion.api.cluster.ClusterOptions;
import dev.orion.api.cluster.ClusterTaskRunner;
import dev.orion.host.Orion;
import dev.orion.host.client.HttpOrchestrator;
import dev.orion.host.engine.EngineListener;
import dev.orion.host.engine.FlowEngine;
import dev.orion.host.plugins.Contribution;
import dev.orion.host.util.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Makes a worker a member of a cluster ({@code --cluster NAME}, or {@code ORION_CLUSTER}) through
 * the plugin that contributes a {@link ClusterTaskRunner}, with the settings
 * {@code ORION_CLUSTER_SECRET} (required), {@code ORION_CLUSTER_HOST} ({@code 127.0.0.1}),
 * {@code ORION_CLUSTER_PORT} ({@code 5701}) and {@code ORION_CLUSTER_MEMBERS} (comma-separated
 * {@code host:port}; default this member's address). Closing it leaves the cluster.
 */
final class ClusterJoin implements AutoCloseable {

    private final AutoCloseable membership;
    private final HttpOrchestrator memberOrchestrator;
    private final FlowEngine memberEngine;
    final String description;

    private ClusterJoin(AutoCloseable membership, HttpOrchestrator memberOrchestrator, FlowEngine memberEngine,
            String description) {
        this.membership = membership;
        this.memberOrchestrator = memberOrchestrator;
        this.memberEngine = memberEngine;
        this.description = description;
    }

    static ClusterJoin join(String cluster, Map<String, String> env, Orion orion, FlowSources sources, String memberName) {
        ClusterTaskRunner runner = orion.plugins().extensions(TaskRunner.class).stream().map(Contribution::extension)
                .filter(ClusterTaskRunner.class::isInstance).map(ClusterTaskRunner.class::cast).findFirst()
                .orElseThrow(() -> new OrionException("--cluster needs a plugin with a cluster task runner (the "
                        + "taskrunner-hazelcast plugin's jar) in " + orion.settings().pluginsDir()));
        String secret = value(env, "ORION_CLUSTER_SECRET", null);
        if (secret == null) {
            throw new OrionException("--cluster " + cluster + " needs a shared secret: set ORION_CLUSTER_SECRET, the same "
                    + "on every member of the cluster");
        }
        String host = value(env, "ORION_CLUSTER_HOST", "127.0.0.1");
        String portText = value(env, "ORION_CLUSTER_PORT", "5701");
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new OrionException("ORION_CLUSTER_PORT must be a port number, got '" + portText + "'");
        }
        List<String> members = Arrays.stream(value(env, "ORION_CLUSTER_MEMBERS", host + ":" + port).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        // Task runs handed to this member report without the worker's name: they belong to another
        // worker's flow run, which the server would fence this worker out of.
        HttpOrchestrator reporter = HttpOrchestrator.connect(orion.settings().apiUrl().orElseThrow(),
                orion.settings().apiKey());
        FlowEngine engine = new FlowEngine(reporter, orion.engine().resultStorage(), orion.engine().taskRunners(),
                Json.MAPPER, EngineListener.NONE).variables(orion.engine().variables())
                .secrets(orion.engine().secrets()).globalLimits(orion.engine().globalLimits())
                .artifacts(orion.engine().artifacts());
        ClusterMemberHost host0 = new ClusterMemberHost(sources, reporter.api(), engine, orion.settings().home());
        try {
            AutoCloseable membership = runner.join(new ClusterOptions(cluster, secret, host, port, members, memberName),
                    host0);
            return new ClusterJoin(membership, reporter, engine, "cluster '" + cluster + "' through task runner '"
                    + runner.name() + "' (" + host + ":" + port + ", members " + members + ")");
        } catch (RuntimeException e) {
            engine.close();
            reporter.close();
            throw e;
        }
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    @Override
    public void close() {
        try {
            membership.close();
        } catch (Exception e) {
            throw new OrionException("could not leave the cluster cleanly: " + e.getMessage(), e);
        } finally {
            memberEngine.close();
            memberOrchestrator.close();
        }
    }
}
