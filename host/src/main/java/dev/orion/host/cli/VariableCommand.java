package dev.orion.host.cli;

import dev.orion.api.OrionException;
import dev.orion.host.client.OrionClient;
import dev.orion.host.store.VariableRecord;
import dev.orion.host.variables.Variables;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orion variable set | get | ls | rm}: the variables flows read with
 * {@code Variables.get} / {@code variables.get}, of the server at {@code ORION_API_URL} when it is
 * set, else of the local store.
 */
@Command(name = "variable", mixinStandardHelpOptions = true,
        description = "Set, read, list and remove the variables flows read (the server's with ORION_API_URL).")
final class VariableCommand extends ParentCommand {

    private final CliContext context;

    VariableCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Create a variable or change its value.")
    int set(@Parameters(index = "0", paramLabel = "NAME",
                    description = "Lowercase letters, digits and underscores; at most 255 characters.") String name,
            @Parameters(index = "1", paramLabel = "VALUE", description = "At most 5000 characters.") String value,
            @Option(names = "--tag", paramLabel = "TAG", description = "A tag (repeat for more); replaces its tags.")
            List<String> tags,
            @Option(names = "--json", description = "Print JSON.") boolean json) {
        VariableRecord set = with(v -> v.set(name, value, tags));
        if (json) {
            context.printJson(set);
        } else {
            context.out().println("Variable '" + set.name() + "' set.");
        }
        return 0;
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print a variable's value.")
    int get(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--json", description = "Print JSON.") boolean json) {
        VariableRecord found = with(v -> v.get(name)).orElseThrow(() -> noSuchVariable(name));
        if (json) {
            context.printJson(found);
        } else {
            context.out().println(found.value());
        }
        return 0;
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the variables.")
    int ls(@Option(names = "--json", description = "Print JSON.") boolean json) {
        List<VariableRecord> all = with(Variables::list);
        if (json) {
            context.printJson(all);
        } else if (all.isEmpty()) {
            context.out().println("No variables. Set one with 'orion variable set NAME VALUE'.");
        } else {
            Table table = new Table("NAME", "VALUE", "TAGS", "UPDATED");
            all.forEach(v -> table.row(v.name(), shortened(v.value()), String.join(",", v.tags()),
                    v.updated().truncatedTo(ChronoUnit.SECONDS)));
            table.print(context.out());
        }
        return 0;
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a variable.")
    int rm(@Parameters(paramLabel = "NAME") String name) {
        if (!with(v -> v.delete(name))) {
            throw noSuchVariable(name);
        }
        context.out().println("Removed variable '" + name + "'.");
        return 0;
    }

    private <T> T with(Function<Variables, T> work) {
        try (OrionClient client = Clients.forStoredData(context)) {
            return work.apply(client.variables());
        }
    }

    private static String shortened(String value) {
        String line = value.replace('\n', ' ');
        return line.length() <= 60 ? line : line.substring(0, 57) + "...";
    }

    private static OrionException noSuchVariable(String name) {
        return new OrionException("no variable named '" + name + "'; see 'orion variable ls'");
    }
}
