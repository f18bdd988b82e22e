package dev.orion.host.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.api.Flow;
import dev.orion.api.Parameter;
import dev.orion.host.util.Json;
import java.io.PrintWriter;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * What {@code orion run FILE --describe} prints: the flow's name and description, and each
 * parameter with its type and default (or that it is required), as a table or JSON.
 */
final class FlowDescription {

    private FlowDescription() {
    }

    static void print(PrintWriter out, Flow<?> flow, Map<String, Object> defaults, boolean json) {
        if (json) {
            ObjectNode root = Json.MAPPER.createObjectNode();
            root.put("flow", flow.name());
            root.put("description", flow.options().description());
            var params = root.putArray("parameters");
            for (Parameter p : flow.parameters()) {
                ObjectNode n = params.addObject().put("name", p.name()).put("type", typeName(p.type()))
                        .put("required", !defaults.containsKey(p.name()));
                if (defaults.containsKey(p.name())) {
                    n.set("default", Json.MAPPER.valueToTree(defaults.get(p.name())));
                }
            }
            out.println(root.toPrettyString());
            return;
        }
        out.println("Flow '" + flow.name() + "'" + (flow.options().description() == null ? ""
                : ": " + flow.options().description()));
        if (flow.parameters().isEmpty()) {
            out.println("No parameters.");
            return;
        }
        Table table = new Table("PARAMETER", "TYPE", "DEFAULT");
        for (Parameter p : flow.parameters()) {
            table.row(p.name(), typeName(p.type()), defaults.containsKey(p.name())
                    ? Json.write(defaults.get(p.name())) : "(required)");
        }
        table.print(out);
        out.println("Pass them with --param NAME=VALUE or --params JSON.");
    }

    private static String typeName(Type type) {
        return type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName();
    }
}
