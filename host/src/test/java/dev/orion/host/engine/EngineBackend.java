package dev.orion.host.engine;

import dev.orion.host.store.TestDatabase;

/**
 * Where the engine tests run: each database with each orchestrator a user can get on it (on
 * SQLite the embedded one; on PostgreSQL the embedded one and the shared one that several servers
 * use, which decides every proposal from the database under a row lock). Use with
 * {@code @ParameterizedTest @EnumSource(EngineBackend.class)}.
 */
enum EngineBackend {
    SQLITE_LOCAL(TestDatabase.SQLITE, false),
    POSTGRESQL_LOCAL(TestDatabase.POSTGRESQL, false),
    POSTGRESQL_SHARED(TestDatabase.POSTGRESQL, true);

    final TestDatabase database;
    final boolean shared;

    EngineBackend(TestDatabase database, boolean shared) {
        this.database = database;
        this.shared = shared;
    }
}
