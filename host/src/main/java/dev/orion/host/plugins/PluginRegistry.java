package dev.orion.host.plugins;

import dev.orion.api.OrionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.pf4j.ExtensionPoint;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins in a folder and the extensions they contribute. A bad plugin never takes the
 * host down: a corrupt jar, a missing dependency, a failing start or an extension whose
 * constructor throws marks that plugin failed, with one line saying why, and every other
 * plugin works. Thread-safe once loaded.
 */
public final class PluginRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);

    private final OrionPluginManager manager;
    private final Map<String, String> extensionFailures = new LinkedHashMap<>();
    private final Map<Class<?>, List<Contribution<?>>> extensions = new HashMap<>();

    private PluginRegistry(OrionPluginManager manager) {
        this.manager = manager;
    }

    /**
     * Loads and starts every plugin in the folder; a missing folder means no plugins.
     *
     * @throws dev.orion.api.OrionException when {@code pluginsDir} is a file
     */
    public static PluginRegistry load(Path pluginsDir) {
        Objects.requireNonNull(pluginsDir, "pluginsDir");
        if (Files.exists(pluginsDir) && !Files.isDirectory(pluginsDir)) {
            throw new OrionException("the plugins folder " + pluginsDir + " is a file; point ORION_PLUGINS_DIR "
                    + "(or --plugins) at a folder of plugin jars");
        }
        var manager = new OrionPluginManager(pluginsDir);
        var registry = new PluginRegistry(manager);
        if (Files.isDirectory(pluginsDir)) {
            try {
                manager.loadPlugins();
                manager.startPlugins();
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("plugins in {} could not all be loaded: {}", pluginsDir, reason(e));
            }
        }
        for (Class<? extends ExtensionPoint> point : ExtensionPoints.ALL) {
            registry.extensions(point);
        }
        registry.reportFailures();
        return registry;
    }

    /** An empty registry, for embedders that want no plugins. */
    public static PluginRegistry none() {
        return new PluginRegistry(new OrionPluginManager(Path.of("/nonexistent-orion-plugins")));
    }

    /** The instances of an extension point that started plugins contribute, each made once. */
    @SuppressWarnings("unchecked")
    public synchronized <T extends ExtensionPoint> List<Contribution<T>> extensions(Class<T> type) {
        return (List<Contribution<T>>) (List<?>) extensions.computeIfAbsent(type, t -> List.copyOf(create(type)));
    }

    private <T> List<Contribution<?>> create(Class<T> type) {
        List<Contribution<?>> out = new ArrayList<>();
        for (PluginWrapper plugin : manager.getStartedPlugins()) {
            String id = plugin.getPluginId();
            List<Class<? extends T>> classes;
            try {
                classes = manager.getExtensionClasses(type, id);
            } catch (RuntimeException | LinkageError e) {
                failExtension(id, type.getSimpleName(), e);
                continue;
            }
            for (Class<? extends T> c : classes) {
                try {
                    out.add(new Contribution<>(c.getDeclaredConstructor().newInstance(), id));
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    failExtension(id, c.getName(), e);
                }
            }
        }
        return out;
    }

    private void failExtension(String pluginId, String what, Throwable e) {
        String why = "extension " + what + " could not be created: " + reason(e);
        extensionFailures.merge(pluginId, why, (a, b) -> a + "; " + b);
        LOG.warn("plugin {}: {}", pluginId, why);
    }

    /** Every plugin found, loaded or not. */
    public synchronized List<PluginInfo> plugins() {
        List<PluginInfo> out = new ArrayList<>();
        for (PluginWrapper p : manager.getPlugins()) {
            var d = p.getDescriptor();
            String error = extensionFailures.get(p.getPluginId());
            String state;
            if (p.getPluginState() == PluginState.STARTED && error == null) {
                state = PluginInfo.STARTED;
            } else if (p.getPluginState() == PluginState.DISABLED) {
                state = "disabled";
            } else {
                state = PluginInfo.FAILED;
                if (error == null) {
                    error = p.getFailedException() != null ? reason(p.getFailedException())
                            : "not started (state " + p.getPluginState() + "; check its dependencies: "
                            + d.getDependencies() + ")";
                }
            }
            out.add(new PluginInfo(p.getPluginId(), d.getVersion(), p.getPluginPath().toString(), state,
                    extensionNames(p.getPluginId()), error));
        }
        out.addAll(manager.loadFailures());
        return out;
    }

    /** Each extension as {@code ExtensionPoint: class}, or just the class when it implements none of Orion's. */
    private List<String> extensionNames(String pluginId) {
        Set<String> classes;
        try {
            classes = manager.getExtensionClassNames(pluginId);
        } catch (RuntimeException e) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String name : classes) {
            String point = null;
            for (var contributions : extensions.entrySet()) {
                for (Contribution<?> c : contributions.getValue()) {
                    if (c.pluginId().equals(pluginId) && c.extension().getClass().getName().equals(name)) {
                        point = contributions.getKey().getSimpleName();
                    }
                }
            }
            out.add(point == null ? name : point + ": " + name);
        }
        return out.stream().sorted().toList();
    }

    private void reportFailures() {
        for (PluginInfo p : plugins()) {
            if (p.failed()) {
                System.err.println("orion: plugin " + p.path() + " failed: " + p.error());
            }
        }
    }

    static String reason(Throwable e) {
        Throwable t = e;
        String message = t.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return (message == null ? t.getClass().getSimpleName() : message).replace('\n', ' ');
    }

    @Override
    public void close() {
        try {
            manager.stopPlugins();
            manager.unloadPlugins();
        } catch (RuntimeException e) {
            LOG.debug("stopping plugins: {}", e.toString());
        }
    }
}
