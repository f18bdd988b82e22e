package dev.orion.host.server;

import dev.orion.host.store.Database;
import dev.orion.host.store.DatabaseFailure;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/**
 * What the API answers while its database cannot be reached: {@code 503} with
 * {@code Retry-After}, never {@code 500}. Once a failure shows the database is down (a lost
 * connection, a shutdown, a failover, a pool that cannot connect), every API request but
 * {@code /api/health} is answered at once from the database's breaker until its probe reaches
 * the database again; a serialization conflict is a 503 too. Thread-safe.
 */
public final class DatabaseGate {

    /** Seconds a client is asked to wait before trying again. */
    public static final int RETRY_AFTER_SECONDS = 2;

    private final Database db;

    public DatabaseGate(Database db) {
        this.db = db;
    }

    /** Answers 503 before any handler runs while the database is known to be down. */
    public void register(RoutesConfig routes) {
        routes.before("/api/*", c -> {
            if (db.outage().isDown() && !c.path().startsWith("/api/health")) {
                unavailable(c, "the database is unreachable (" + db.outage().reason().orElse("down")
                        + "); the server is waiting for it to come back, try again shortly");
                c.skipRemainingHandlers();
            }
        });
    }

    /**
     * Answers a failure that is the database's passing trouble as 503 (noting it with the
     * breaker); false for any other failure.
     */
    public boolean answered(Exception e, Context c) {
        Optional<DatabaseFailure> failure = DatabaseFailure.of(e).filter(DatabaseFailure::isTransient);
        if (failure.isEmpty()) {
            return false;
        }
        if (failure.get() == DatabaseFailure.UNAVAILABLE) {
            db.outage().failed(e);
            unavailable(c, "the database is unreachable (" + db.outage().reason().orElse("connection lost")
                    + "); try again shortly");
        } else {
            unavailable(c, "the database reported a conflict with a concurrent change; try again");
        }
        return true;
    }

    private static void unavailable(Context c, String message) {
        c.status(503).header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)).contentType("application/json")
                .result(ApiJson.write(Map.of("detail", message)));
    }
}
