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
 * Variables by id and by unique name. Writes run in the writer's transaction and check the name
 * there, so two creates of one name never both succeed. Validation of names and values is the
 * caller's ({@code dev.orion.host.variables.VariableRules}). Thread-safe.
 */
public final class VariableStore {

    /** The fields a {@code variables} filter may name, as Prefect 2.14 has them. */
    public static final Map<String, FilterField> FIELDS = Map.of(
            "id", FilterField.of("id", FilterField.Kind.ID),
            "name", FilterField.of("name", FilterField.Kind.TEXT),
            "value", FilterField.of("value", FilterField.Kind.TEXT),
            "tags", FilterField.of("tags", FilterField.Kind.TAGS));

    /** Prefect's variable sorts. */
    public static final Map<String, String> SORTS = Map.of(
            "CREATED_DESC", "created DESC, name",
            "UPDATED_DESC", "updated DESC, name",
            "NAME_DESC", "name DESC",
            "NAME_ASC", "name ASC");

    /** What a create or update did. */
    public enum Outcome { DONE, NOT_FOUND, NAME_TAKEN }

    private static final JavaType TAGS = Json.MAPPER.getTypeFactory().constructCollectionType(List.class, String.class);
    private static final String COLUMNS = "id, name, value, tags, created, updated";

    private final Database db;

    public VariableStore(Database db) {
        this.db = db;
    }

    /** Creates the variable; empty when its name is taken. */
    public Optional<VariableRecord> create(String name, String value, List<String> tags) {
        UUID id = Ids.next();
        boolean created = db.writer().transact(c -> idOf(c, name) == null && insert(c, id, name, value, tags));
        return created ? byId(id) : Optional.empty();
    }

    /** Creates the variable or replaces the value (and, when given, the tags) of the one with its name. */
    public VariableRecord set(String name, String value, List<String> tags) {
        db.writer().transact(c -> {
            String id = idOf(c, name);
            if (id == null) {
                return insert(c, Ids.next(), name, value, tags == null ? List.of() : tags);
            }
            return update(c, id, null, value, tags) == Outcome.DONE;
        });
        return byName(name).orElseThrow();
    }

    public Optional<VariableRecord> byId(UUID id) {
        return one("id", id.toString());
    }

    public Optional<VariableRecord> byName(String name) {
        return one("name", name);
    }

    /** A page of the variables that match. */
    public List<VariableRecord> list(Filter where, FilterQueries.Page page) {
        return db.query("SELECT " + COLUMNS + " FROM variable WHERE " + where.sql() + " ORDER BY " + page.orderBy()
                + " LIMIT ? OFFSET ?", ps -> {
                    int i = FilterQueries.bind(ps, where, 0);
                    ps.setInt(++i, page.limit());
                    ps.setInt(++i, page.offset());
                }, VariableStore::read);
    }

    public long count(Filter where) {
        return db.query("SELECT COUNT(*) FROM variable WHERE " + where.sql(), ps -> FilterQueries.bind(ps, where, 0),
                rs -> rs.getLong(1)).getFirst();
    }

    /**
     * Changes what is given (null leaves it) of the variable with the id, or with the name when
     * {@code id} is null.
     */
    public Outcome update(UUID id, String byName, String newName, String newValue, List<String> newTags) {
        return db.writer().transact(c -> {
            String target = id != null ? (exists(c, id.toString()) ? id.toString() : null) : idOf(c, byName);
            if (target == null) {
                return Outcome.NOT_FOUND;
            }
            if (newName != null) {
                String holder = idOf(c, newName);
                if (holder != null && !holder.equals(target)) {
                    return Outcome.NAME_TAKEN;
                }
            }
            return update(c, target, newName, newValue, newTags);
        });
    }

    /** Deletes the variable with the id, or with the name when {@code id} is null; false if there was none. */
    public boolean delete(UUID id, String byName) {
        return db.writer().transact(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM variable WHERE " + (id != null ? "id" : "name") + " = ?")) {
                ps.setString(1, id != null ? id.toString() : byName);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static boolean insert(Connection c, UUID id, String name, String value, List<String> tags) throws SQLException {
        long now = Sql.micros(Instant.now());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO variable (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id.toString());
            ps.setString(2, name);
            ps.setString(3, value);
            ps.setString(4, Json.write(tags));
            ps.setLong(5, now);
            ps.setLong(6, now);
            ps.executeUpdate();
        }
        return true;
    }

    private static Outcome update(Connection c, String id, String name, String value, List<String> tags) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE variable SET name = COALESCE(?, name), "
                + "value = COALESCE(?, value), tags = COALESCE(?, tags), updated = ? WHERE id = ?")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.setString(3, tags == null ? null : Json.write(tags));
            ps.setLong(4, Sql.micros(Instant.now()));
            ps.setString(5, id);
            ps.executeUpdate();
        }
        return Outcome.DONE;
    }

    private static String idOf(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM variable WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static boolean exists(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM variable WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private Optional<VariableRecord> one(String column, String key) {
        return db.query("SELECT " + COLUMNS + " FROM variable WHERE " + column + " = ?", ps -> ps.setString(1, key),
                VariableStore::read).stream().findFirst();
    }

    private static VariableRecord read(ResultSet rs) throws SQLException {
        return new VariableRecord(UUID.fromString(rs.getString("id")), rs.getString("name"), rs.getString("value"),
                Json.read(rs.getString("tags"), TAGS), Sql.instant(rs, "created"), Sql.instant(rs, "updated"));
    }
}
