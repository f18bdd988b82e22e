package dev.orion.host.plugins;

import dev.orion.api.FlowProvider;
import dev.orion.api.ResultSerializer;
import dev.orion.api.ResultStorage;
import dev.orion.api.TaskRunner;
import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.api.orchestration.StateListener;
import dev.orion.api.scripting.ScriptLanguage;
import java.util.List;
import org.pf4j.ExtensionPoint;

/** The extension points of plugin-api that the host collects from plugins. */
public final class ExtensionPoints {

    /** Every extension point, created eagerly at load so a failing extension shows in {@code plugins ls}. */
    public static final List<Class<? extends ExtensionPoint>> ALL = List.of(
            FlowProvider.class, OrchestrationRule.class, TaskRunner.class, ResultStorage.class, StateListener.class,
            ScriptLanguage.class, ResultSerializer.class);

    private ExtensionPoints() {
    }
}
