package dev.orion.host.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orion.host.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code orion db upgrade | reset --yes}: Orion's database schema. */
@Command(name = "db", mixinStandardHelpOptions = true,
        description = "Upgrade or reset Orion's database ($ORION_DATABASE_URL, default $ORION_HOME/orion.db).")
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
