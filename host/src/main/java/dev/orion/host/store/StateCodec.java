package dev.orion.host.store;

import dev.orion.api.State;
import dev.orion.api.StateDetails;
import dev.orion.api.StateType;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads and writes a {@link State} as the columns {@code <prefix>type, name, timestamp, message, details, result_ref}. */
final class StateCodec {

    private StateCodec() {
    }

    static String details(State s) {
        return s.details().equals(StateDetails.EMPTY) ? null : StateDetailsJson.write(s.details());
    }

    static State read(ResultSet rs, String prefix) throws SQLException {
        String type = rs.getString(prefix + "type");
        if (type == null) {
            return null;
        }
        String details = rs.getString(prefix + "details");
        return new State(StateType.valueOf(type), rs.getString(prefix + "name"), Sql.instant(rs, prefix + "timestamp"),
                rs.getString(prefix + "message"),
                details == null ? StateDetails.EMPTY : StateDetailsJson.read(details),
                rs.getString(prefix + "result_ref"));
    }
}
