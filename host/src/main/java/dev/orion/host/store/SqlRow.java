package dev.orion.host.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * One row of a statement, encoded before it is queued: the statement's SQL and its parameter
 * values in order, each a {@code String}, {@code Long}, {@code Integer}, {@code Double} or a
 * typed {@link Null}. The deciding threads build these (JSON, ids, timestamps already text or
 * numbers), so the store writer's single thread only binds them. Immutable once built; the
 * values array is not copied, so the builder must not change it after handing it over.
 */
record SqlRow(String sql, Object[] values) {

    /** A NULL of a column type (PostgreSQL wants the type of a NULL parameter). */
    enum Null {
        TEXT(Types.VARCHAR), BIGINT(Types.BIGINT), SMALLINT(Types.SMALLINT), DOUBLE(Types.DOUBLE);

        private final int sqlType;

        Null(int sqlType) {
            this.sqlType = sqlType;
        }
    }

    /** The value, or a text NULL. */
    static Object text(Object value) {
        return value == null ? Null.TEXT : value.toString();
    }

    /** The value, or a BIGINT NULL. */
    static Object bigint(Long value) {
        return value == null ? Null.BIGINT : value;
    }

    /** The value, or a DOUBLE NULL. */
    static Object real(Double value) {
        return value == null ? Null.DOUBLE : value;
    }

    /** Sets every parameter of the statement and adds the row to its batch. */
    void addTo(PreparedStatement ps) throws SQLException {
        Object[] v = values;
        for (int i = 0; i < v.length; i++) {
            switch (v[i]) {
                case String s -> ps.setString(i + 1, s);
                case Long l -> ps.setLong(i + 1, l);
                case Integer n -> ps.setInt(i + 1, n);
                case Double d -> ps.setDouble(i + 1, d);
                case Null n -> ps.setNull(i + 1, n.sqlType);
                default -> throw new IllegalArgumentException("cannot bind a " + v[i].getClass().getName());
            }
        }
        ps.addBatch();
    }
}
