package dev.orion.host.cli;

import dev.orion.api.OrionException;
import java.util.UUID;

/** Parses the flow run ids users type. */
final class RunIds {

    private RunIds() {
    }

    static UUID parse(String value) {
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw new OrionException("'" + value + "' is not a flow run id (a UUID such as "
                    + "01a2221d-a429-7836-b97c-93c4b1d6dbda); list runs with 'orion flow-run ls'");
        }
    }
}
