package dev.orion.host.engine;

import dev.orion.api.spi.RunScope;

/** The engine's run scopes, with what {@link PrintCapture} needs to know. */
interface EngineScope extends RunScope {

    /** Whether lines printed to System.out in this scope go to the run's log. */
    boolean logPrints();
}
