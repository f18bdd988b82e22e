package dev.orion.host.store;

/**
 * A field of an API filter and the column it reads.
 *
 * @param column the SQL column (or expression)
 * @param kind   which operators it takes
 */
public record FilterField(String column, Kind kind) {

    /** The operators a field takes, as Prefect names them. */
    public enum Kind {
        /** {@code any_, not_any_, is_null_} */
        ID,
        /** {@code any_, not_any_, like_, startswith_, is_null_, exists_} */
        TEXT,
        /** {@code before_, after_, is_null_} */
        TIME,
        /** {@code all_, any_, is_null_} over a JSON array of strings */
        TAGS,
        /** {@code type: {any_, not_any_}, name: {any_, not_any_}} over {@code state_type}, {@code state_name} */
        STATE,
        /** {@code ge_, le_} over a log level */
        LEVEL,
        /** {@code eq_} over a 0/1 column */
        FLAG,
        /** {@code exists_}: the column is an EXISTS subquery */
        EXISTS
    }

    public static FilterField of(String column, Kind kind) {
        return new FilterField(column, kind);
    }
}
