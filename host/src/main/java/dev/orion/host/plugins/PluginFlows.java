package dev.orion.host.plugins;

import dev.orion.api.Flow;
import dev.orion.api.FlowProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java flows plugins ship ({@link FlowProvider}), by name. A provider that throws, or a
 * name two plugins use, is reported once and the rest stay available. Immutable.
 */
public final class PluginFlows {

    private static final Logger LOG = LoggerFactory.getLogger(PluginFlows.class);

    /**
     * A flow and where it came from.
     *
     * @param flow     the flow
     * @param pluginId the plugin that ships it
     * @param loader   the plugin's class loader, to run the flow with as context class loader
     */
    public record PluginFlow(Flow<?> flow, String pluginId, ClassLoader loader) {
    }

    private final Map<String, PluginFlow> byName;

    private PluginFlows(Map<String, PluginFlow> byName) {
        this.byName = byName;
    }

    /** The flows of every started plugin. */
    public static PluginFlows of(PluginRegistry registry) {
        Map<String, PluginFlow> byName = new LinkedHashMap<>();
        for (Contribution<FlowProvider> c : registry.extensions(FlowProvider.class)) {
            List<Flow<?>> flows;
            try {
                flows = List.copyOf(c.extension().flows());
            } catch (RuntimeException | LinkageError e) {
                System.err.println("orion: plugin " + c.pluginId() + ": its flows could not be listed: "
                        + PluginRegistry.reason(e));
                continue;
            }
            for (Flow<?> f : flows) {
                PluginFlow had = byName.putIfAbsent(f.name(), new PluginFlow(f, c.pluginId(),
                        c.extension().getClass().getClassLoader()));
                if (had != null) {
                    LOG.warn("flow '{}' of plugin {} is ignored: plugin {} ships a flow of that name", f.name(),
                            c.pluginId(), had.pluginId());
                }
            }
        }
        return new PluginFlows(Map.copyOf(byName));
    }

    /** The flow of that name. */
    public Optional<PluginFlow> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every flow name, sorted. */
    public List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }
}
