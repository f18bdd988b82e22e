package dev.orion.host.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** Small JDBC helpers shared by the stores: times as epoch microseconds, ids as strings. */
final class Sql {

    private Sql() {
    }

    static Long micros(Instant t) {
        return t == null ? null : Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1_000L);
    }

    static UUID uuid(ResultSet rs, String column) throws SQLException {
        String v = rs.getString(column);
        return v == null ? null : UUID.fromString(v);
    }

    static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    /** Binds the values in order from the first parameter: a Long as a number, anything else as text (or NULL). */
    static void setAll(PreparedStatement ps, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) instanceof Long l) {
                ps.setLong(i + 1, l);
            } else {
                setString(ps, i + 1, values.get(i));
            }
        }
    }

    static void setString(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value.toString());
        }
    }

    /** {@code INSERT ... ON CONFLICT (id) DO UPDATE} over the columns; both dialects speak it. */
    static String upsert(String table, List<String> columns, List<String> keepOnConflict) {
        String placeholders = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        String updates = columns.stream()
                .filter(c -> !c.equals("id") && !keepOnConflict.contains(c))
                .map(c -> c + " = excluded." + c)
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + placeholders
                + ") ON CONFLICT (id) DO UPDATE SET " + updates;
    }

    static String insert(String table, List<String> columns) {
        String placeholders = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + placeholders + ")";
    }
}
