package dev.orion.host.orchestration;

import dev.orion.api.OrionException;
import dev.orion.api.RunKind;
import java.util.UUID;

/** A run id that names no stored run. */
public class NoSuchRunException extends OrionException {

    public NoSuchRunException(RunKind kind, UUID id) {
        super("no " + kind.label() + " run with id " + id + "; list runs with 'orion flow-run ls'");
    }
}
