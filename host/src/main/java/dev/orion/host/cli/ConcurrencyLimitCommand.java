package dev.orion.host.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orion.api.OrionException;
import dev.orion.api.orchestration.ConcurrencyLimit;
import dev.orion.host.client.OrionClient;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code orion concurrency-limit create | ls | inspect | delete}: limits on task runs by tag, of the
 * server at {@code ORION_API_URL} when it is set, else of the local store.
 */
@Command(name = "concurrency-limit", mixinStandardHelpOptions = true,
        description = "Limit how many task runs with a tag may be Running at once (the server's limits with ORION_API_URL).")
final class ConcurrencyLimitCommand extends ParentCommand {

    private final CliContext context;

    ConcurrencyLimitCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a limit for a tag, or change the size of an existing one.")
    int create(@Parameters(index = "0", paramLabel = "TAG", description = "The task tag to limit.") String tag,
               @Parameters(index = "1", paramLabel = "LIMIT",
                       description = "How many may run at once; 0 stops every run with the tag.") int limit,
               @Option(names = "--json", description = "Print JSON.") boolean json) {
        if (tag.isBlank()) {
            throw new ParameterException(spec.subcommands().get("create"), "TAG must not be blank");
        }
        if (limit < 0) {
            throw new ParameterException(spec.subcommands().get("create"),
                    "LIMIT must be 0 or more, got " + limit);
        }
        ConcurrencyLimit created = withClient(client -> client.upsertLimit(tag, limit));
        if (json) {
            context.printJson(LimitView.of(created));
        } else {
            context.out().println("Concurrency limit '" + created.tag() + "' set to " + created.limit() + ".");
        }
        return 0;
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the limits.")
    int ls(@Option(names = "--json", description = "Print JSON.") boolean json) {
        List<LimitView> limits = withClient(client -> client.limits().stream().map(LimitView::of).toList());
        if (json) {
            context.printJson(limits);
        } else if (limits.isEmpty()) {
            context.out().println("No concurrency limits. Create one with 'orion concurrency-limit create TAG LIMIT'.");
        } else {
            Table table = new Table("TAG", "LIMIT", "ACTIVE");
            limits.forEach(l -> table.row(l.tag(), l.limit(), l.activeSlots().size()));
            table.print(context.out());
        }
        return 0;
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Show a limit and the task runs that hold its slots.")
    int inspect(@Parameters(paramLabel = "TAG", description = "The limit's tag.") String tag,
                @Option(names = "--json", description = "Print JSON.") boolean json) {
        LimitView limit = LimitView.of(withClient(client -> client.limit(tag)).orElseThrow(() -> noSuchLimit(tag)));
        if (json) {
            context.printJson(limit);
            return 0;
        }
        new Table("TAG", "LIMIT", "ACTIVE").row(limit.tag(), limit.limit(), limit.activeSlots().size())
                .print(context.out());
        if (!limit.activeSlots().isEmpty()) {
            context.out().println();
            context.out().println("Task runs holding a slot:");
            limit.activeSlots().forEach(id -> context.out().println("  " + id));
        }
        return 0;
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a limit.")
    int delete(@Parameters(paramLabel = "TAG", description = "The limit's tag.") String tag,
               @Option(names = "--json", description = "Print JSON of the deleted limit.") boolean json) {
        LimitView deleted = withClient(client -> {
            ConcurrencyLimit limit = client.limit(tag).orElseThrow(() -> noSuchLimit(tag));
            client.deleteLimit(tag);
            return LimitView.of(limit);
        });
        if (json) {
            context.printJson(deleted);
        } else {
            context.out().println("Deleted concurrency limit '" + deleted.tag() + "'.");
        }
        return 0;
    }

    private <T> T withClient(Function<OrionClient, T> work) {
        try (OrionClient client = Clients.open(context)) {
            return work.apply(client);
        }
    }

    private static OrionException noSuchLimit(String tag) {
        return new OrionException("no concurrency limit for tag '" + tag + "'; see 'orion concurrency-limit ls'");
    }

    /** A limit as the CLI prints it. */
    record LimitView(String tag, int limit, @JsonProperty("active_slots") List<UUID> activeSlots) {

        static LimitView of(ConcurrencyLimit limit) {
            return new LimitView(limit.tag(), limit.limit(), limit.activeSlots());
        }
    }
}
