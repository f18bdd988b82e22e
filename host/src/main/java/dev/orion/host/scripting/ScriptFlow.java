package dev.orion.host.scripting;

import dev.orion.api.Flow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A flow defined by a script, with the default values of its parameters (JavaScript default
 * values, Python defaults), which the Java {@link Flow} does not carry.
 *
 * @param flow     the flow, run by the engine like any Java flow
 * @param params   its declared parameters, in order
 */
public record ScriptFlow(Flow<Object> flow, List<ScriptParameter> params) {

    public ScriptFlow {
        Objects.requireNonNull(flow, "flow");
        params = List.copyOf(params);
        // The script's defaults become the flow's, so every path that binds it (a worker's too) has them.
        for (ScriptParameter p : params) {
            if (p.hasDefault() && flow.parameters().stream().anyMatch(q -> q.name().equals(p.name()))) {
                flow = flow.withDefault(p.name(), p.defaultValue());
            }
        }
    }

    public String name() {
        return flow.name();
    }

    /** The given named values plus the defaults of the parameters not given. */
    public Map<String, Object> complete(Map<String, ?> given) {
        Map<String, Object> all = new LinkedHashMap<>(given);
        for (ScriptParameter p : params) {
            if (!all.containsKey(p.name()) && p.hasDefault()) {
                all.put(p.name(), p.defaultValue());
            }
        }
        return all;
    }
}
