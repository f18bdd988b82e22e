package dev.orion.host.store;

import com.fasterxml.jackson.databind.JavaType;
import dev.orion.host.util.Ids;
import dev.orion.host.util.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Artifacts, and the latest of each key ({@code artifact_collection}), as Prefect 2.14 keeps them:
 * a keyed create points its key's entry at the new artifact, and deleting the latest version
 * points it at the one before (or removes the entry). Each change runs in one writer transaction.
 * Keys and types are the caller's to check ({@code dev.orion.host.artifacts.ArtifactRules}).
 * Thread-safe.
 */
public final class ArtifactStore {

    /** The fields an {@code artifacts} filter may name, as Prefect 2.14 has them. */
    public static final Map<String, FilterField> FIELDS = Map.of(
            "id", FilterField.of("id", FilterField.Kind.ID),
            "key", FilterField.of("key", FilterField.Kind.TEXT),
            "flow_run_id", FilterField.of("flow_run_id", FilterField.Kind.ID),
            "task_run_id", FilterField.of("task_run_id", FilterField.Kind.ID),
            "type", FilterField.of("type", FilterField.Kind.TEXT));

    /** The fields of a {@code /artifacts/latest/filter} {@code artifacts} filter. */
    public static final Map<String, FilterField> LATEST_FIELDS = Map.of(
            "latest_id", FilterField.of("ac.latest_id", FilterField.Kind.ID),
            "key", FilterField.of("ac.key", FilterField.Kind.TEXT),
            "flow_run_id", FilterField.of("a.flow_run_id", FilterField.Kind.ID),
            "task_run_id", FilterField.of("a.task_run_id", FilterField.Kind.ID),
            "type", FilterField.of("a.type", FilterField.Kind.TEXT));

    /** Prefect's artifact sorts. */
    public static final Map<String, String> SORTS = Map.of(
            "ID_DESC", "id DESC",
            "CREATED_DESC", "created DESC, id DESC",
            "UPDATED_DESC", "updated DESC, id DESC",
            "KEY_DESC", "key DESC, id DESC",
            "KEY_ASC", "key ASC, id DESC");

    /** Prefect's artifact collection sorts. */
    public static final Map<String, String> LATEST_SORTS = Map.of(
            "ID_DESC", "ac.id DESC",
            "CREATED_DESC", "ac.created DESC, ac.id DESC",
            "UPDATED_DESC", "ac.updated DESC, ac.id DESC",
            "KEY_DESC", "ac.key DESC",
            "KEY_ASC", "ac.key ASC");

    private static final JavaType METADATA = Json.MAPPER.getTypeFactory()
            .constructMapType(Map.class, String.class, String.class);
    private static final String COLUMNS = "id, key, type, description, data, metadata, flow_run_id, task_run_id, created, updated";
    private static final String LATEST = "SELECT ac.id AS ac_id, ac.created AS ac_created, ac.updated AS ac_updated, a.* "
            + "FROM artifact_collection ac JOIN artifact a ON a.id = ac.latest_id";

    private final Database db;

    public ArtifactStore(Database db) {
        this.db = db;
    }

    /** Stores the artifact; with a key, it becomes that key's latest. */
    public ArtifactRecord create(NewArtifact a) {
        UUID id = Ids.next();
        long now = Sql.micros(Instant.now());
        db.writer().transact(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO artifact (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id.toString());
                ps.setString(2, a.key());
                ps.setString(3, a.type());
                ps.setString(4, a.description());
                ps.setString(5, a.data() == null ? null : Json.write(a.data()));
                ps.setString(6, a.metadata() == null ? null : Json.write(a.metadata()));
                ps.setString(7, a.flowRunId() == null ? null : a.flowRunId().toString());
                ps.setString(8, a.taskRunId() == null ? null : a.taskRunId().toString());
                ps.setLong(9, now);
                ps.setLong(10, now);
                ps.executeUpdate();
            }
            if (a.key() != null) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO artifact_collection (id, key, latest_id, "
                        + "created, updated) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
                        + "latest_id = excluded.latest_id, updated = excluded.updated")) {
                    ps.setString(1, Ids.next().toString());
                    ps.setString(2, a.key());
                    ps.setString(3, id.toString());
                    ps.setLong(4, now);
                    ps.setLong(5, now);
                    ps.executeUpdate();
                }
            }
            return true;
        });
        return byId(id).orElseThrow();
    }

    public Optional<ArtifactRecord> byId(UUID id) {
        return db.query("SELECT " + COLUMNS + " FROM artifact WHERE id = ?", ps -> ps.setString(1, id.toString()),
                ArtifactStore::read).stream().findFirst();
    }

    /** The key's latest version, if the key has any. */
    public Optional<ArtifactCollectionRecord> latest(String key) {
        return db.query(LATEST + " WHERE ac.key = ?", ps -> ps.setString(1, key), ArtifactStore::readLatest)
                .stream().findFirst();
    }

    /** A page of the artifacts that match. */
    public List<ArtifactRecord> list(Filter where, FilterQueries.Page page) {
        return db.query("SELECT " + COLUMNS + " FROM artifact WHERE " + where.sql() + " ORDER BY " + page.orderBy()
                + " LIMIT ? OFFSET ?", ps -> {
                    int i = FilterQueries.bind(ps, where, 0);
                    ps.setInt(++i, page.limit());
                    ps.setInt(++i, page.offset());
                }, ArtifactStore::read);
    }

    public long count(Filter where) {
        return db.query("SELECT COUNT(*) FROM artifact WHERE " + where.sql(), ps -> FilterQueries.bind(ps, where, 0),
                rs -> rs.getLong(1)).getFirst();
    }

    /** A page of the keys' latest versions that match ({@link #LATEST_FIELDS}, {@link #LATEST_SORTS}). */
    public List<ArtifactCollectionRecord> listLatest(Filter where, FilterQueries.Page page) {
        return db.query(LATEST + " WHERE " + where.sql() + " ORDER BY " + page.orderBy() + " LIMIT ? OFFSET ?", ps -> {
            int i = FilterQueries.bind(ps, where, 0);
            ps.setInt(++i, page.limit());
            ps.setInt(++i, page.offset());
        }, ArtifactStore::readLatest);
    }

    public long countLatest(Filter where) {
        return db.query("SELECT COUNT(*) FROM artifact_collection ac JOIN artifact a ON a.id = ac.latest_id WHERE "
                + where.sql(), ps -> FilterQueries.bind(ps, where, 0), rs -> rs.getLong(1)).getFirst();
    }

    /** The key's versions, newest first. */
    public List<ArtifactRecord> versions(String key, int limit) {
        return db.query("SELECT " + COLUMNS + " FROM artifact WHERE key = ? ORDER BY created DESC, id DESC LIMIT ?",
                ps -> {
                    ps.setString(1, key);
                    ps.setInt(2, limit);
                }, ArtifactStore::read);
    }

    /** Changes what is given (null leaves it); false if there is no such artifact. */
    public boolean update(UUID id, String description, Object data, Map<String, String> metadata) {
        return db.writer().transact(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE artifact SET description = COALESCE(?, description), "
                    + "data = COALESCE(?, data), metadata = COALESCE(?, metadata), updated = ? WHERE id = ?")) {
                ps.setString(1, description);
                ps.setString(2, data == null ? null : Json.write(data));
                ps.setString(3, metadata == null ? null : Json.write(metadata));
                ps.setLong(4, Sql.micros(Instant.now()));
                ps.setString(5, id.toString());
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Deletes the artifact; when it was its key's latest, the version before becomes the latest. */
    public boolean delete(UUID id) {
        return db.writer().transact(c -> {
            String key = keyOf(c, id);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM artifact WHERE id = ?")) {
                ps.setString(1, id.toString());
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            if (key != null) {
                repoint(c, key, id);
            }
            return true;
        });
    }

    private static void repoint(Connection c, String key, UUID deleted) throws SQLException {
        String next = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM artifact WHERE key = ? ORDER BY created DESC, "
                + "id DESC LIMIT 1")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                next = rs.next() ? rs.getString(1) : null;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(next == null
                ? "DELETE FROM artifact_collection WHERE key = ? AND latest_id = ?"
                : "UPDATE artifact_collection SET latest_id = ?, updated = ? WHERE key = ? AND latest_id = ?")) {
            int i = 0;
            if (next != null) {
                ps.setString(++i, next);
                ps.setLong(++i, Sql.micros(Instant.now()));
            }
            ps.setString(++i, key);
            ps.setString(++i, deleted.toString());
            ps.executeUpdate();
        }
    }

    private static String keyOf(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT key FROM artifact WHERE id = ?")) {
            ps.setString(1, id.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static ArtifactRecord read(ResultSet rs) throws SQLException {
        String data = rs.getString("data");
        String metadata = rs.getString("metadata");
        return new ArtifactRecord(UUID.fromString(rs.getString("id")), rs.getString("key"), rs.getString("type"),
                rs.getString("description"), data == null ? null : Json.read(data, Object.class),
                metadata == null ? null : Json.read(metadata, METADATA), Sql.uuid(rs, "flow_run_id"),
                Sql.uuid(rs, "task_run_id"), Sql.instant(rs, "created"), Sql.instant(rs, "updated"));
    }

    private static ArtifactCollectionRecord readLatest(ResultSet rs) throws SQLException {
        return new ArtifactCollectionRecord(UUID.fromString(rs.getString("ac_id")), read(rs),
                Sql.instant(rs, "ac_created"), Sql.instant(rs, "ac_updated"));
    }
}
