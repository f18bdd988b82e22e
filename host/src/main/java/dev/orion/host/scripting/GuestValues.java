package dev.orion.host.scripting;

import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import dev.orion.host.util.Json;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;

/**
 * Converts between guest values and plain Java values (numbers, strings, booleans, lists, maps),
 * the form results and arguments take between contexts, threads and the result store. A guest
 * value belongs to its context; nothing guest-owned escapes. Stateless.
 */
final class GuestValues {

    static final String FUTURE = "__orion_future__";
    static final String UNMAPPED = "__orion_unmapped__";
    static final String TASK = "__orion_task__";
    static final String FLOW = "__orion_flow__";

    private GuestValues() {
    }

    /** A plain Java copy of a guest value; futures and tasks map back to their host objects. */
    static Object toJava(Value v) {
        return toJava(v, false);
    }

    /**
     * Like {@link #toJava(Value)}; with {@code membersAsMaps}, objects with members (JavaScript
     * objects) become maps of their non-function members.
     */
    static Object toJava(Value v, boolean membersAsMaps) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isString()) {
            return v.asString();
        }
        if (v.isNumber()) {
            if (v.fitsInInt()) {
                return v.asInt();
            }
            if (v.fitsInLong()) {
                return v.asLong();
            }
            if (v.fitsInDouble()) {
                return v.asDouble();
            }
            return new BigInteger(v.toString());
        }
        if (v.isHostObject()) {
            return v.asHostObject();
        }
        if (v.isProxyObject()) {
            return v.asProxyObject();
        }
        if (v.hasMember(FUTURE)) {
            return v.getMember(FUTURE).asHostObject();
        }
        if (v.hasMember(TASK)) {
            return v.getMember(TASK).asHostObject();
        }
        if (v.hasMember(UNMAPPED)) {
            return Task.unmapped(toJava(v.getMember("value"), membersAsMaps));
        }
        if (v.isInstant()) {
            return v.asInstant().toString();
        }
        if (v.isDate()) {
            return v.asDate().toString();
        }
        if (v.hasArrayElements()) {
            long n = v.getArraySize();
            List<Object> list = new ArrayList<>((int) Math.min(n, 1 << 20));
            for (long i = 0; i < n; i++) {
                list.add(toJava(v.getArrayElement(i), membersAsMaps));
            }
            return list;
        }
        if (v.hasHashEntries()) {
            Map<String, Object> map = new LinkedHashMap<>();
            Value it = v.getHashEntriesIterator();
            while (it.hasIteratorNextElement()) {
                Value entry = it.getIteratorNextElement();
                map.put(String.valueOf(toJava(entry.getArrayElement(0), membersAsMaps)), toJava(entry.getArrayElement(1), membersAsMaps));
            }
            return map;
        }
        if (v.canExecute()) {
            throw new IllegalArgumentException("a function cannot be passed to or returned from a task or flow: " + v);
        }
        if (v.hasIterator() && !membersAsMaps) {
            List<Object> list = new ArrayList<>();
            Value it = v.getIterator();
            while (it.hasIteratorNextElement()) {
                list.add(toJava(it.getIteratorNextElement(), membersAsMaps));
            }
            return list;
        }
        if (membersAsMaps && v.hasMembers()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (String key : v.getMemberKeys()) {
                Value member = v.getMember(key);
                if (!member.canExecute()) {
                    map.put(key, toJava(member, membersAsMaps));
                }
            }
            return map;
        }
        return v.toString();
    }

    /** Each element of a guest array (or iterable) as plain Java. */
    static Object[] toJavaArgs(Value args, boolean membersAsMaps) {
        Object list = toJava(args, membersAsMaps);
        if (list instanceof List<?> l) {
            return l.toArray();
        }
        return new Object[] {list};
    }

    /**
     * A Java value as the guest should see it: scalars pass through (ints as ints), futures and
     * everything structured go as JSON text the guest parses, so it gets native arrays and objects.
     */
    static Object toGuestScalar(Object value) {
        if (value instanceof Long l && l == (int) (long) l) {
            return (int) (long) l;
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Double || value instanceof Long) {
            return value;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof TaskFuture<?>) {
            return value;
        }
        return null;
    }

    /** The JSON text of a Java value, for the guest to parse. */
    static String json(Object value) {
        return value == null ? null : Json.write(value);
    }
}
