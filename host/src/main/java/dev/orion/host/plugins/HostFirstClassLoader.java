package dev.orion.host.plugins;

import java.util.List;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader: Orion's plugin API and the libraries it exposes (Jackson, SLF4J,
 * PF4J) always come from the host, so a plugin's extensions speak the host's types;
 * everything else the plugin bundles stays its own (plugin first), so two plugins may carry
 * different versions of one library.
 */
final class HostFirstClassLoader extends PluginClassLoader {

    static final List<String> SHARED_PACKAGES = List.of(
            "dev.orion.api.", "com.fasterxml.jackson.", "org.slf4j.", "org.pf4j.");

    private final ClassLoader host;

    HostFirstClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader host) {
        super(manager, descriptor, host, ClassLoadingStrategy.PDA);
        this.host = host;
    }

    @Override
    public Class<?> loadClass(String name) throws ClassNotFoundException {
        for (String prefix : SHARED_PACKAGES) {
            if (name.startsWith(prefix)) {
                return host.loadClass(name);
            }
        }
        return super.loadClass(name);
    }
}
