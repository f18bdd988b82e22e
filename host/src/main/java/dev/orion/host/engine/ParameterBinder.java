package dev.orion.host.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orion.api.Flow;
import dev.orion.api.InvalidParameterException;
import dev.orion.api.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns named parameter values (strings from the command line, or JSON-ish values) into the
 * flow's positional arguments of its declared types, failing with a clear message before any
 * run is created. Thread-safe.
 */
public final class ParameterBinder {

    private final ObjectMapper mapper;

    public ParameterBinder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The arguments for {@code flow}, in declaration order; a parameter not given takes its default. */
    public Object[] bind(Flow<?> flow, Map<String, ?> values) {
        List<Parameter> params = flow.parameters();
        for (String name : values.keySet()) {
            if (params.stream().noneMatch(p -> p.name().equals(name))) {
                throw new InvalidParameterException("flow '" + flow.name() + "' has no parameter '" + name
                        + "'; its parameters are " + describe(params));
            }
        }
        Object[] args = new Object[params.size()];
        for (int i = 0; i < args.length; i++) {
            Parameter p = params.get(i);
            if (!values.containsKey(p.name()) && !flow.defaults().containsKey(p.name())) {
                throw new InvalidParameterException("flow '" + flow.name() + "' needs parameter '" + p.name()
                        + "' (" + typeName(p) + "); pass it with --param " + p.name() + "=VALUE");
            }
            Object v = values.containsKey(p.name()) ? values.get(p.name()) : flow.defaults().get(p.name());
            args[i] = flow.options().validateParameters() ? convert(flow, p, v) : v;
        }
        return args;
    }

    /**
     * Checks values given ahead of a run (a deployment's defaults): each names a parameter of the
     * flow and converts to its type, as {@link #bind} will; parameters not given are not required yet.
     *
     * @throws InvalidParameterException for the first value that does not fit
     */
    public void checkGiven(Flow<?> flow, Map<String, ?> values) {
        List<Parameter> params = flow.parameters();
        for (var e : values.entrySet()) {
            Parameter p = params.stream().filter(q -> q.name().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new InvalidParameterException("flow '" + flow.name() + "' has no parameter '"
                            + e.getKey() + "'; its parameters are " + describe(params)));
            if (flow.options().validateParameters()) {
                convert(flow, p, e.getValue());
            }
        }
    }

    /** The arguments as a name-to-value map, for the run's stored parameters. */
    public static Map<String, Object> named(Flow<?> flow, Object[] args) {
        Map<String, Object> map = new LinkedHashMap<>();
        List<Parameter> params = flow.parameters();
        for (int i = 0; i < args.length; i++) {
            map.put(i < params.size() ? params.get(i).name() : "arg" + i, args[i]);
        }
        return map;
    }

    private Object convert(Flow<?> flow, Parameter p, Object value) {
        JavaType type = mapper.constructType(p.type());
        Class<?> raw = type.getRawClass();
        if (value == null || raw == Object.class || raw.isInstance(value) && !type.isContainerType()) {
            return value;
        }
        try {
            if (value instanceof String s && raw != String.class) {
                try {
                    return mapper.readValue(s, type);
                } catch (JsonProcessingException notJson) {
                    return mapper.convertValue(s, type);
                }
            }
            return mapper.convertValue(value, type);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("parameter '" + p.name() + "' of flow '" + flow.name()
                    + "' must be " + typeName(p) + ", got '" + value + "'", e);
        }
    }

    private static String describe(List<Parameter> params) {
        return params.stream().map(p -> p.name() + " (" + typeName(p) + ")").toList().toString();
    }

    static String typeName(Parameter p) {
        return p.type() instanceof Class<?> c ? c.getSimpleName() : p.type().getTypeName();
    }
}
