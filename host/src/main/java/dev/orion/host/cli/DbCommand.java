package dev.orion.host.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orion.api.OrionException;
import dev.orion.api.StateType;
import dev.orion.host.store.Database;
import dev.orion.host.store.RunPruner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code orion db upgrade | reset --yes}: Orion's database schema. */
@Command(name = "db", mixinStandardHelpOptions = true,
        description = "Upgrade, reset or prune Orion's database ($ORION_DATABASE_URL, default $ORION_HOME/orion.db); local, whatever ORION_API_URL says.")
final class DbCommand extends ParentCommand {

    private final CliContext context;

    DbCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "upgrade", mixinStandardHelpOptions = true,
            description = "Create the database if needed, apply pending migrations and print the schema version.")
    int upgrade(@Option(names = "--json", description = "Print JSON.") boolean json) {
        try (Database db = context.openDatabase()) {
            report(db, json);
        }
        return 0;
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Drop everything Orion stored (runs, states, decisions, limits) and re-create the schema.")
    int reset(@Option(names = "--yes", description = "Really drop everything.") boolean yes,
              @Option(names = "--json", description = "Print JSON.") boolean json) {
        if (!yes) {
            context.err().println("orion: db reset drops everything Orion stored in "
                    + context.settings().databaseUrl().replaceAll("(?i)(password=)[^&;]*", "$1***")
                    + "; run 'orion db reset --yes' to do it");
            return ErrorHandler.USER_ERROR;
        }
        try (Database db = context.openDatabase()) {
            db.reset();
            report(db, json);
        }
        return 0;
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = "Delete finished flow runs older than a given age, with their task runs, subflows, states, "
                    + "decisions, logs and stored results, in batches (a server on the same database keeps serving).")
    int prune(@Option(names = "--older-than", required = true, paramLabel = "AGE",
                      description = "e.g. 30d, 12h, 90m, 45s, or an ISO-8601 duration such as P30D") String olderThan,
              @Option(names = "--state", paramLabel = "TYPE", split = ",",
                      description = "only runs in these state types (default: COMPLETED,FAILED,CANCELLED,CRASHED)")
              List<String> states,
              @Option(names = "--batch", defaultValue = "500", paramLabel = "N",
                      description = "flow runs per transaction (default 500)") int batch,
              @Option(names = "--json", description = "Print JSON.") boolean json) {
        Duration age = Ages.parse(olderThan);
        if (batch < 1) {
            throw new OrionException("--batch must be at least 1, got " + batch);
        }
        Set<StateType> types = states == null || states.isEmpty()
                ? StateType.TERMINAL
                : states.stream().map(Ages::stateType).collect(Collectors.toSet());
        Path storage = context.settings().storageDir();
        try (Database db = context.openDatabase()) {
            var result = new RunPruner(db).prune(Instant.now().minus(age), types, batch,
                    ref -> Ages.deleteResult(storage, ref));
            if (json) {
                context.printJson(Map.of("flow_runs", result.flowRuns(), "task_runs", result.taskRuns(),
                        "results", result.results()));
            } else {
                context.out().printf("Deleted %d flow runs, %d task runs and %d stored results older than %s.%n",
                        result.flowRuns(), result.taskRuns(), result.results(), olderThan);
            }
        }
        return 0;
    }

    private void report(Database db, boolean json) {
        SchemaReport report = new SchemaReport(db.displayUrl(), db.schemaVersion());
        if (json) {
            context.printJson(report);
        } else {
            context.out().println("Database " + report.database() + " is at schema version " + report.schemaVersion());
        }
    }

    /** What {@code db upgrade} and {@code db reset} print. */
    record SchemaReport(String database, @JsonProperty("schema_version") String schemaVersion) {
    }
}
