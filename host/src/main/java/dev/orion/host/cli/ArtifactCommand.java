package dev.orion.host.cli;

import dev.orion.api.OrionException;
import dev.orion.host.artifacts.Artifacts;
import dev.orion.host.client.OrionClient;
import dev.orion.host.store.ArtifactCollectionRecord;
import dev.orion.host.store.ArtifactRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orion artifact ls | inspect KEY}: the artifacts runs published, of the server at
 * {@code ORION_API_URL} when it is set, else of the local store.
 */
@Command(name = "artifact", mixinStandardHelpOptions = true,
        description = "List the latest artifact of each key and a key's versions (the server's with ORION_API_URL).")
final class ArtifactCommand extends ParentCommand {

    private final CliContext context;

    ArtifactCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the latest artifact of each key.")
    int ls(@Option(names = "--json", description = "Print JSON.") boolean json) {
        List<ArtifactCollectionRecord> all = with(Artifacts::latestOfEachKey);
        if (json) {
            context.printJson(all.stream().map(ArtifactCollectionRecord::latest).toList());
        } else if (all.isEmpty()) {
            context.out().println("No artifacts with a key. Flows publish them with Artifacts.markdown(KEY, ...) "
                    + "or create_markdown_artifact(..., key=KEY).");
        } else {
            Table table = new Table("KEY", "TYPE", "DESCRIPTION", "FLOW RUN", "UPDATED");
            all.forEach(c -> table.row(c.latest().key(), c.latest().type(), shortened(c.latest().description()),
                    id(c.latest().flowRunId()), seconds(c.updated())));
            table.print(context.out());
        }
        return 0;
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show a key's versions, newest first, "
            + "and the latest one's data.")
    int inspect(@Parameters(paramLabel = "KEY") String key,
                @Option(names = "--json", description = "Print JSON.") boolean json) {
        List<ArtifactRecord> versions = with(a -> a.versions(key));
        if (versions.isEmpty()) {
            throw new OrionException("no artifact with key '" + key + "'; see 'orion artifact ls'");
        }
        if (json) {
            context.printJson(versions);
            return 0;
        }
        context.out().println("Artifact '" + key + "': " + versions.size() + (versions.size() == 1 ? " version" : " versions")
                + ", newest first");
        Table table = new Table("ID", "TYPE", "DESCRIPTION", "FLOW RUN", "TASK RUN", "CREATED");
        versions.forEach(v -> table.row(v.id(), v.type(), shortened(v.description()), id(v.flowRunId()),
                id(v.taskRunId()), seconds(v.created())));
        table.print(context.out());
        context.out().println();
        context.out().println(versions.getFirst().data());
        return 0;
    }

    private <T> T with(Function<Artifacts, T> work) {
        try (OrionClient client = Clients.forStoredData(context)) {
            return work.apply(client.artifacts());
        }
    }

    private static String id(UUID id) {
        return id == null ? "-" : id.toString();
    }

    private static Object seconds(Instant t) {
        return t == null ? "-" : t.truncatedTo(ChronoUnit.SECONDS);
    }

    private static String shortened(String value) {
        if (value == null) {
            return "-";
        }
        String line = value.replace('\n', ' ');
        return line.length() <= 40 ? line : line.substring(0, 37) + "...";
    }
}
