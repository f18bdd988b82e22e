package dev.orion.host.cli;

import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.api.Task;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the flow of a compiled source file: a public static {@link Flow} field or a public
 * static no-argument method returning one. With several, {@code --flow NAME} picks one by the
 * flow's name or the member's name.
 */
final class RunFlowFinder {

    private RunFlowFinder() {
    }

    /** A flow found in the file, and the member that held it. */
    record Found(String member, Flow<?> flow) {
    }

    static Flow<?> find(RunSourceCompiler.Compiled compiled, Path file, String wanted) {
        List<Found> found = new ArrayList<>();
        for (String name : compiled.classNames()) {
            Class<?> c;
            try {
                c = Class.forName(name, true, compiled.loader());
            } catch (ClassNotFoundException e) {
                continue;
            } catch (ExceptionInInitializerError e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new OrionException("initializing " + name + " from " + file + " failed: " + cause, cause);
            }
            if (!Modifier.isPublic(c.getModifiers())) {
                continue;
            }
            for (Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && Flow.class.isAssignableFrom(f.getType())) {
                    found.add(new Found(c.getSimpleName() + "." + f.getName(), (Flow<?>) get(f)));
                }
            }
            for (Method m : c.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0
                        && Flow.class.isAssignableFrom(m.getReturnType())) {
                    found.add(new Found(c.getSimpleName() + "." + m.getName() + "()", (Flow<?>) invoke(m)));
                }
            }
        }
        if (wanted != null) {
            return found.stream().filter(f -> f.flow().name().equals(wanted) || f.member().equals(wanted)
                            || f.member().endsWith("." + wanted) || f.member().endsWith("." + wanted + "()"))
                    .map(Found::flow).findFirst()
                    .orElseThrow(() -> new OrionException("no flow named '" + wanted + "' in " + file + "; found "
                            + describe(found)));
        }
        if (found.isEmpty()) {
            throw new OrionException("no flow in " + file + ": declare one as a public static Flow field "
                    + "(public static final Flow<Integer> etl = Flow.of(...)) or a public static method returning one");
        }
        if (found.size() > 1) {
            throw new OrionException("several flows in " + file + ": " + describe(found)
                    + "; pick one with --flow NAME");
        }
        return found.get(0).flow();
    }

    /**
     * The task of that name held in a static field of a class of the file (any visibility: the
     * README's tasks are package-private), for a cluster member executing one of its task runs.
     */
    static Optional<Task<?>> task(RunSourceCompiler.Compiled compiled, String name) {
        for (String className : compiled.classNames()) {
            Class<?> c;
            try {
                c = Class.forName(className, true, compiled.loader());
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && Task.class.isAssignableFrom(f.getType())) {
                    f.setAccessible(true);
                    if (get(f) instanceof Task<?> t && t.name().equals(name)) {
                        return Optional.of(t);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String describe(List<Found> found) {
        return found.stream().map(f -> "'" + f.flow().name() + "' (" + f.member() + ")").toList().toString();
    }

    private static Object get(Field f) {
        try {
            return f.get(null);
        } catch (IllegalAccessException e) {
            throw new OrionException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    private static Object invoke(Method m) {
        try {
            return m.invoke(null);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new OrionException("calling " + m.getName() + "() to get the flow failed: " + cause, cause);
        }
    }
}
