package dev.orion.host.cli;

import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.host.client.ApiTransport;
import dev.orion.host.engine.FlowBundler;
import dev.orion.host.server.api.FlowBundlesApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bundles of the flows a worker loaded from files: each file's content, named by its SHA-256
 * and uploaded to the server once, for cluster members to fetch. Thread-safe.
 */
final class ClusterBundles implements FlowBundler {

    private final FlowSources sources;
    private final ApiTransport api;
    private final Set<String> uploaded = ConcurrentHashMap.newKeySet();

    ClusterBundles(FlowSources sources, ApiTransport api) {
        this.sources = sources;
        this.api = api;
    }

    @Override
    public Bundle bundle(Flow<?> flow) {
        Path file = sources.origin(flow).orElseThrow(() -> new OrionException("flow '" + flow.name()
                + "' was not loaded from a file, so cluster members cannot load its tasks: deploy it from a .java or "
                + "script file to run its tasks on a cluster"));
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OrionException("cannot read " + file + " to send it to cluster members: " + e.getMessage(), e);
        }
        String hash = FlowBundlesApi.hash(content);
        String name = file.getFileName().toString();
        if (uploaded.add(hash)) {
            try {
                api.post("/flow_bundles/", Map.of("name", name, "content", Base64.getEncoder().encodeToString(content)));
            } catch (RuntimeException e) {
                uploaded.remove(hash);
                throw e;
            }
        }
        return new Bundle(hash, name);
    }
}
