package dev.orion.host.cli;

import dev.orion.api.OrionException;
import dev.orion.host.client.OrionClient;
import dev.orion.host.secrets.Secrets;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orion secret set | ls | rm}: the secrets flows read with {@code Secrets.get} /
 * {@code secret(...)}, of the server at {@code ORION_API_URL} when it is set, else of the local
 * store (encrypted). A value is read from stdin or a prompt, never from the command line (where
 * it would stay in shell history and process lists); nothing here prints a value.
 */
@Command(name = "secret", mixinStandardHelpOptions = true,
        description = "Set, list and remove the secrets flows read (the server's with ORION_API_URL).")
final class SecretCommand extends ParentCommand {

    private final CliContext context;

    SecretCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Create a secret or change its value, read from stdin (or a prompt on a terminal).")
    int set(@Parameters(paramLabel = "NAME", description = "Lowercase letters, digits and dashes.") String name) {
        Secrets.checkName(name);
        String value = readValue(name);
        with(s -> {
            s.set(name, value);
            return null;
        });
        context.out().println("Secret '" + name + "' set.");
        return 0;
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the secrets' names (never their values).")
    int ls(@Option(names = "--json", description = "Print JSON.") boolean json) {
        List<String> names = with(Secrets::names);
        if (json) {
            context.printJson(names);
        } else if (names.isEmpty()) {
            context.out().println("No secrets. Set one with 'orion secret set NAME' (the value is read from stdin).");
        } else {
            Table table = new Table("NAME");
            names.forEach(table::row);
            table.print(context.out());
        }
        return 0;
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a secret.")
    int rm(@Parameters(paramLabel = "NAME") String name) {
        if (!with(s -> s.delete(name))) {
            throw new OrionException("no secret named '" + name + "'; see 'orion secret ls'");
        }
        context.out().println("Removed secret '" + name + "'.");
        return 0;
    }

    private String readValue(String name) {
        Console console = System.console();
        String value;
        if (console != null && console.isTerminal()) {
            char[] typed = console.readPassword("Value of secret '%s': ", name);
            value = typed == null ? "" : new String(typed);
        } else {
            try {
                value = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new OrionException("could not read the secret's value from stdin: " + e.getMessage(), e);
            }
            value = value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
                    : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        }
        if (value.isEmpty()) {
            throw new OrionException("no value for secret '" + name + "': pipe it on stdin "
                    + "(printf %s \"$VALUE\" | orion secret set " + name + ") or type it at the prompt");
        }
        return value;
    }

    private <T> T with(Function<Secrets, T> work) {
        try (OrionClient client = Clients.forStoredData(context)) {
            return work.apply(client.secrets());
        }
    }
}
