package dev.orion.host.cli;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.orion.api.OrionException;
import dev.orion.host.client.OrionClient;
import dev.orion.host.limits.GlobalLimitAdmin;
import dev.orion.host.store.GlobalLimitRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orion global-concurrency-limit create | ls | inspect | update | rm}: limits by name that
 * flows take with {@code Concurrency.occupy} and {@code rateLimit}, of the server at
 * {@code ORION_API_URL} when it is set, else of the local store (directly: no port is opened), through the one client interface.
 */
@Command(name = "global-concurrency-limit", mixinStandardHelpOptions = true,
        description = "Limits by name that flows take with Concurrency.occupy / rateLimit (the server's with ORION_API_URL).")
final class GlobalConcurrencyLimitCommand extends ParentCommand {

    private final CliContext context;

    GlobalConcurrencyLimitCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a limit.")
    int create(@Parameters(paramLabel = "NAME") String name,
               @Option(names = "--limit", required = true, paramLabel = "N", description = "Slots at once (0 or more).") int limit,
               @Option(names = "--slot-decay-per-second", paramLabel = "X",
                       description = "Slots freed per second: makes it a rate limit (default 0).") double decay,
               @Option(names = "--inactive", description = "Create it inactive (it limits nothing until activated).")
               boolean inactive,
               @Option(names = "--json", description = "Print JSON.") boolean json) {
        GlobalLimitRecord created = with(limits -> limits.create(name, limit, !inactive, decay))
                .orElseThrow(() -> exists(name));
        print(created, json, "Global concurrency limit '" + name + "' created with " + limit + " slot(s).");
        return 0;
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the limits.")
    int ls(@Option(names = "--json", description = "Print JSON.") boolean json) {
        List<GlobalLimitRecord> all = with(GlobalLimitAdmin::list);
        if (json) {
            context.printJson(all.stream().map(LimitJson::of).toList());
        } else if (all.isEmpty()) {
            context.out().println("No global concurrency limits. Create one with "
                    + "'orion global-concurrency-limit create NAME --limit N'.");
        } else {
            Table table = new Table("NAME", "LIMIT", "ACTIVE", "ACTIVE SLOTS", "DECAY/S");
            all.stream().map(LimitJson::of).forEach(l -> table.row(l.name(), l.limit(), l.active(), l.activeSlots(),
                    l.slotDecayPerSecond()));
            table.print(context.out());
        }
        return 0;
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show a limit.")
    int inspect(@Parameters(paramLabel = "NAME") String name,
                @Option(names = "--json", description = "Print JSON.") boolean json) {
        LimitJson l = LimitJson.of(with(limits -> limits.find(name)).orElseThrow(() -> unknown(name)));
        if (json) {
            context.printJson(l);
        } else {
            new Table("NAME", "LIMIT", "ACTIVE", "ACTIVE SLOTS", "DENIED SLOTS", "DECAY/S", "AVG OCCUPANCY S")
                    .row(l.name(), l.limit(), l.active(), l.activeSlots(), l.deniedSlots(), l.slotDecayPerSecond(),
                            l.avgSlotOccupancySeconds())
                    .print(context.out());
        }
        return 0;
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a limit.")
    int update(@Parameters(paramLabel = "NAME") String name,
               @Option(names = "--limit", paramLabel = "N") Integer limit,
               @Option(names = "--slot-decay-per-second", paramLabel = "X") Double decay,
               @Option(names = "--active", negatable = true, description = "Activate (--active) or deactivate (--no-active).")
               Boolean active,
               @Option(names = "--active-slots", paramLabel = "N",
                       description = "Set the slots taken (0 frees those a dead process held).") Integer activeSlots,
               @Option(names = "--json", description = "Print JSON.") boolean json) {
        GlobalLimitAdmin.Change change = new GlobalLimitAdmin.Change(limit, active, activeSlots, decay);
        if (change.isEmpty()) {
            throw new OrionException("nothing to change: give --limit, --slot-decay-per-second, --active/--no-active "
                    + "or --active-slots");
        }
        GlobalLimitRecord updated = with(limits -> limits.update(name, change) ? limits.find(name) : Optional.<GlobalLimitRecord>empty())
                .orElseThrow(() -> unknown(name));
        print(updated, json, "Global concurrency limit '" + name + "' updated.");
        return 0;
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a limit.")
    int rm(@Parameters(paramLabel = "NAME") String name) {
        if (!with(limits -> limits.delete(name))) {
            throw unknown(name);
        }
        context.out().println("Removed global concurrency limit '" + name + "'.");
        return 0;
    }

    private void print(GlobalLimitRecord limit, boolean json, String line) {
        if (json) {
            context.printJson(LimitJson.of(limit));
        } else {
            context.out().println(line);
        }
    }

    private <T> T with(Function<GlobalLimitAdmin, T> work) {
        try (OrionClient client = Clients.forStoredData(context)) {
            return work.apply(client.globalLimits());
        }
    }

    /** A limit as {@code --json} prints it: as the server's API shows it, slots in whole numbers. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record LimitJson(String id, Instant created, Instant updated, boolean active, String name, int limit,
                     int activeSlots, int deniedSlots, double slotDecayPerSecond, double avgSlotOccupancySeconds) {
        static LimitJson of(GlobalLimitRecord l) {
            return new LimitJson(l.id().toString(), l.created(), l.updated(), l.active(), l.name(), l.limit(),
                    (int) Math.ceil(l.activeSlots() - 1e-9), (int) Math.ceil(l.deniedSlots() - 1e-9),
                    l.slotDecayPerSecond(), l.avgSlotOccupancySeconds());
        }
    }

    private static OrionException exists(String name) {
        return new OrionException("a global concurrency limit named '" + name + "' exists; change it with "
                + "'orion global-concurrency-limit update " + name + "'");
    }

    private static OrionException unknown(String name) {
        return new OrionException("no global concurrency limit named '" + name
                + "'; see 'orion global-concurrency-limit ls'");
    }
}
