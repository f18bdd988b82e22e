package dev.orion.host.plugins;

import java.util.List;

/**
 * What {@code orion plugins ls} shows of a plugin.
 *
 * @param id         the plugin's id (the file name when its descriptor could not be read)
 * @param version    its version; empty when unknown
 * @param path       the jar, zip or folder it came from
 * @param state      {@code started}, {@code failed} or {@code disabled}
 * @param extensions its extensions, as {@code ExtensionPoint: class}
 * @param error      for a failed plugin, why; null otherwise
 */
public record PluginInfo(String id, String version, String path, String state, List<String> extensions, String error) {

    public static final String STARTED = "started";
    public static final String FAILED = "failed";

    public PluginInfo {
        extensions = List.copyOf(extensions);
    }

    public boolean failed() {
        return FAILED.equals(state);
    }
}
