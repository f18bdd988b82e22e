package dev.orion.host.cli;

import dev.orion.host.plugins.PluginInfo;
import dev.orion.host.plugins.PluginRegistry;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code orion plugins ls}: the plugins in the plugins folder, loaded or failed; {@code orion plugin new}. */
@Command(name = "plugins", aliases = "plugin", mixinStandardHelpOptions = true, subcommands = PluginNewCommand.class,
        description = "Show the plugins in $ORION_PLUGINS_DIR (default $ORION_HOME/plugins, or --plugins DIR); "
                + "start a new one with `orion plugin new NAME`; local, whatever ORION_API_URL says.")
final class PluginsCommand extends ParentCommand {

    private final CliContext context;

    PluginsCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "List each plugin with its id, version, state and extensions; a failed one with its reason.")
    int ls(@Option(names = "--json", description = "Print JSON.") boolean json) {
        List<PluginInfo> plugins;
        try (PluginRegistry registry = PluginRegistry.load(context.settings().pluginsDir())) {
            plugins = registry.plugins();
        }
        if (json) {
            context.printJson(plugins);
            return 0;
        }
        if (plugins.isEmpty()) {
            context.out().println("No plugins in " + context.settings().pluginsDir()
                    + " (drop plugin jars there, or pass --plugins DIR).");
            return 0;
        }
        Table table = new Table("ID", "VERSION", "STATE", "EXTENSIONS", "REASON");
        for (PluginInfo p : plugins) {
            table.row(p.id(), p.version(), p.state(), String.join(", ", p.extensions()), p.error() == null ? "" : p.error());
        }
        table.print(context.out());
        return 0;
    }
}
