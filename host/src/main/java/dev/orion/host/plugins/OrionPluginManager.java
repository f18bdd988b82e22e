package dev.orion.host.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarFile;
import org.pf4j.BasePluginLoader;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginClasspath;
import org.pf4j.DefaultPluginManager;
import org.pf4j.JarPluginLoader;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;

/**
 * PF4J's manager as Orion needs it: plugins load with {@link HostFirstClassLoader}, and a
 * plugin that cannot be loaded (corrupt jar, bad descriptor) is recorded with its reason
 * instead of stopping the others. Not thread-safe; {@link PluginRegistry} uses it once.
 */
final class OrionPluginManager extends DefaultPluginManager {

    private final List<PluginInfo> loadFailures = new ArrayList<>();

    OrionPluginManager(Path pluginsDir) {
        super(pluginsDir);
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
    }

    /** Plugins that could not be loaded or resolved, with why. */
    List<PluginInfo> loadFailures() {
        return loadFailures;
    }

    @Override
    protected PluginLoader createPluginLoader() {
        ClassLoader host = getClass().getClassLoader();
        return new CompoundPluginLoader()
                .add(new BasePluginLoader(this, new DefaultPluginClasspath()) {
                    @Override
                    public boolean isApplicable(Path path) {
                        return Files.isDirectory(path);
                    }

                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path path, PluginDescriptor descriptor) {
                        return new HostFirstClassLoader(pluginManager, descriptor, host);
                    }
                })
                .add(new JarPluginLoader(this) {
                    @Override
                    public ClassLoader loadPlugin(Path path, PluginDescriptor descriptor) {
                        var loader = new HostFirstClassLoader(pluginManager, descriptor, host);
                        loader.addFile(path.toFile());
                        return loader;
                    }
                });
    }

    @Override
    protected PluginWrapper loadPluginFromPath(Path path) {
        try {
            checkReadableArchive(path);
            return super.loadPluginFromPath(path);
        } catch (RuntimeException | LinkageError e) {
            String why = PluginRegistry.reason(e);
            if (why.startsWith("No PluginDescriptorFinder")) {
                why = "not a readable plugin: no Plugin-Id in a manifest or plugin.properties (corrupt or not a plugin jar?)";
            }
            loadFailures.add(new PluginInfo(path.getFileName().toString(), "", path.toString(), PluginInfo.FAILED,
                    List.of(), why));
            return null;
        }
    }

    /** PF4J reports an unreadable jar only as "no descriptor"; say what is wrong with the file. */
    private static void checkReadableArchive(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isRegularFile(path) && (name.endsWith(".jar") || name.endsWith(".zip"))) {
            try (var jar = new JarFile(path.toFile())) {
                jar.getManifest();
            } catch (IOException e) {
                throw new PluginRuntimeException("cannot read " + path.getFileName() + " as a jar ("
                        + e.getMessage() + "): the file is corrupt or not a plugin; rebuild or remove it");
            }
        }
    }

    /** PF4J drops a plugin whose dependencies are missing; remember it and why. */
    @Override
    protected void resolvePlugins() {
        Map<String, PluginWrapper> before = new LinkedHashMap<>(plugins);
        super.resolvePlugins();
        before.forEach((id, plugin) -> {
            if (!plugins.containsKey(id)) {
                List<String> missing = plugin.getDescriptor().getDependencies().stream()
                        .map(PluginDependency::getPluginId)
                        .filter(dep -> !plugins.containsKey(dep))
                        .toList();
                String why = missing.isEmpty() ? "its dependencies could not be resolved"
                        : "needs plugin(s) " + missing + ", not in the plugins folder; add them or remove this plugin";
                loadFailures.add(new PluginInfo(id, plugin.getDescriptor().getVersion(), plugin.getPluginPath().toString(),
                        PluginInfo.FAILED, List.of(), why));
            }
        });
    }
}
