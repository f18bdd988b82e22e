package dev.orion.host.plugins;

/**
 * An extension instance and the plugin that contributed it.
 *
 * @param extension the instance
 * @param pluginId  the plugin's id
 */
public record Contribution<T>(T extension, String pluginId) {
}
