package dev.orion.host.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.concurrent.ConcurrentHashMap;

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
        bind(ps);
        ps.addBatch();
    }

    /** Sets every parameter of the statement. */
    void bind(PreparedStatement ps) throws SQLException {
        Object[] v = values;
        for (int i = 0; i < v.length; i++) {
            switch (v[i]) {
                case String s -> ps.setString(i + 1, s);
                case Long l -> ps.setLong(i + 1, l);
                case Integer n -> ps.setInt(i + 1, n);
                case Double d -> ps.setDouble(i + 1, d);
                case Null n -> ps.setNull(i + 1, n.sqlType);
                case null -> ps.setNull(i + 1, Types.VARCHAR);
                default -> throw new IllegalArgumentException("cannot bind a " + v[i].getClass().getName());
            }
        }
    }

    /**
     * An {@code INSERT ... VALUES (?, ...)} (an upsert too) whose rows carry their NULLs as
     * literals in the statement rather than as bound parameters: each bound value is a call
     * into the driver on the writer's thread, and a state row has half a dozen NULLs. One
     * statement text per pattern of NULLs, made once; past {@link #MAX_VARIANTS} patterns the
     * NULLs are bound. Thread-safe.
     */
    static final class Insert {
        private static final int MAX_VARIANTS = 64;

        private final String sql;
        private final String head;
        private final String tail;
        private final int columns;
        private final ConcurrentHashMap<Long, String> variants = new ConcurrentHashMap<>();

        private Insert(String sql) {
            int values = sql.indexOf("VALUES (");
            int close = sql.indexOf(')', values);
            if (values < 0 || close < 0) {
                throw new IllegalArgumentException("not an INSERT ... VALUES (...): " + sql);
            }
            this.sql = sql;
            this.head = sql.substring(0, values + "VALUES (".length());
            this.tail = sql.substring(close);
            this.columns = (int) sql.substring(values, close).chars().filter(c -> c == '?').count();
            if (columns > Long.SIZE) {
                throw new IllegalArgumentException("more than 64 parameters: " + sql);
            }
        }

        /** The statement {@code sql}, an {@code INSERT ... VALUES (?, ...) [ON CONFLICT ...]}. */
        static Insert of(String sql) {
            return new Insert(sql);
        }

        /** The row of these values (one per parameter, in order; nulls and {@link Null}s become literals). */
        SqlRow row(Object... values) {
            if (values.length != columns) {
                throw new IllegalArgumentException(values.length + " values for " + columns + " parameters: " + sql);
            }
            long nulls = 0;
            int bound = 0;
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null || values[i] instanceof Null) {
                    nulls |= 1L << i;
                } else {
                    bound++;
                }
            }
            if (nulls == 0) {
                return new SqlRow(sql, values);
            }
            String variant = variants.get(nulls);
            if (variant == null) {
                if (variants.size() >= MAX_VARIANTS) {
                    return new SqlRow(sql, values);
                }
                variant = variants.computeIfAbsent(nulls, this::render);
            }
            Object[] kept = new Object[bound];
            for (int i = 0, k = 0; i < values.length; i++) {
                if ((nulls & (1L << i)) == 0) {
                    kept[k++] = values[i];
                }
            }
            return new SqlRow(variant, kept);
        }

        private String render(long nulls) {
            StringBuilder b = new StringBuilder(head);
            for (int i = 0; i < columns; i++) {
                b.append(i == 0 ? "" : ", ").append((nulls & (1L << i)) != 0 ? "NULL" : "?");
            }
            return b.append(tail).toString();
        }
    }
}
