package dev.orion.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orion.api.OrionException;
import dev.orion.api.Parameter;
import dev.orion.api.Task;
import dev.orion.api.cluster.RemoteTaskHost;
import dev.orion.api.cluster.RemoteTaskRun;
import dev.orion.host.client.ApiTransport;
import dev.orion.host.engine.FlowEngine;
import dev.orion.host.server.api.FlowBundlesApi;
import dev.orion.host.services.FlowResolver;
import dev.orion.host.util.OrionVersion;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A worker as a cluster member: executes the task runs other workers hand it. The code comes from
 * the flow's bundle, fetched from the server by its hash (checked) and cached in
 * {@code $ORION_HOME/cluster-cache/HEX/NAME}; nothing the cluster sends is loaded as code. A run
 * sent by another Orion version is refused. Thread-safe.
 */
final class ClusterMemberHost implements RemoteTaskHost {

    private final FlowSources sources;
    private final ApiTransport api;
    private final FlowEngine engine;
    private final Path cache;
    private final ObjectMapper mapper;
    private final Map<String, Path> fetched = new ConcurrentHashMap<>();

    ClusterMemberHost(FlowSources sources, ApiTransport api, FlowEngine engine, Path home) {
        this.sources = sources;
        this.api = api;
        this.engine = engine;
        this.cache = home.resolve("cluster-cache");
        this.mapper = engine.mapper();
    }

    @Override
    public String orionVersion() {
        return OrionVersion.current();
    }

    @Override
    public void execute(RemoteTaskRun run) throws InterruptedException {
        if (!orionVersion().equals(run.orionVersion())) {
            throw new OrionException("this member runs Orion " + orionVersion() + " and the flow's worker Orion "
                    + run.orionVersion() + "; it takes task runs only from its own version");
        }
        if (run.bundle() == null || !FlowBundlesApi.isHash(run.bundle()) || !FlowBundlesApi.isName(run.entrypoint())) {
            throw new OrionException("task run " + run.taskRunId() + " names no bundle of its flow's code (got "
                    + run.bundle() + ", " + run.entrypoint() + ")");
        }
        Path file = fetched.computeIfAbsent(run.bundle(), h -> fetch(h, run.entrypoint()));
        FlowResolver.Resolved flow = sources.resolveTrusted(file, run.flowName());
        Task<?> task = sources.task(file, run.taskName()).orElseThrow(() -> new OrionException("the code of flow '"
                + run.flowName() + "' (" + run.bundle() + ") has no task '" + run.taskName() + "'"));
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(flow.loader());
        try {
            engine.executeHandedOver(task, arguments(task, run.argumentsJson()), run, flow.loader());
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private Object[] arguments(Task<?> task, String json) {
        try {
            JsonNode array = mapper.readTree(json);
            List<Parameter> params = task.parameters();
            Object[] args = new Object[array.size()];
            for (int i = 0; i < args.length; i++) {
                Type type = i < params.size() ? params.get(i).type() : Object.class;
                args[i] = mapper.convertValue(array.get(i), mapper.constructType(type));
            }
            return args;
        } catch (IOException | IllegalArgumentException e) {
            throw new OrionException("the arguments of task '" + task.name() + "' do not fit its parameters: "
                    + e.getMessage(), e);
        }
    }

    /** Fetches a bundle from the server, checks its hash and caches it on disk. */
    private Path fetch(String hash, String name) {
        Path folder = cache.resolve(hash.substring(hash.indexOf(':') + 1));
        Path file = folder.resolve(name);
        if (Files.isRegularFile(file)) {
            return file;
        }
        JsonNode bundle = api.get("/flow_bundles/" + hash);
        byte[] content = Base64.getDecoder().decode(bundle.path("content").asText(""));
        if (!FlowBundlesApi.hash(content).equals(hash) || !name.equals(bundle.path("name").asText())) {
            throw new OrionException("the server's bundle " + hash + " does not match its hash or name; not loading it");
        }
        try {
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, ".fetch", ".tmp");
            Files.write(tmp, content);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new OrionException("cannot cache bundle " + hash + " in " + folder + ": " + e.getMessage(), e);
        }
    }
}
