package dev.orion.host.plugins;

import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.api.orchestration.StateListener;
import java.util.List;
import org.pf4j.ExtensionPoint;

/** The extension points of plugin-api that the host collects from plugins. */
public final class ExtensionPoints {

    /** Every extension point, created eagerly at load so a failing extension shows in {@code plugins ls}. */
    public static final List<Class<? extends ExtensionPoint>> ALL = List.of(
            OrchestrationRule.class, StateListener.class);

    private ExtensionPoints() {
    }
}
