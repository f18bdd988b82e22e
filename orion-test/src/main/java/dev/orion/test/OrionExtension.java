package dev.orion.test;

import dev.orion.host.testing.TemporaryStore;
import dev.orion.host.OrionSettings;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link OrionTest}: resolves {@link TestOrion} and
 * {@link TestClock} parameters with an Orion on a fresh temporary store, made on first use and
 * closed (store deleted) when the test, or the class for {@link OrionTest.Lifecycle#PER_CLASS},
 * ends. Thread-safe as JUnit requires.
 */
public final class OrionExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(OrionExtension.class);

    /** An Orion and its store, closed together by JUnit when their context ends. */
    private record Held(TestOrion orion, TemporaryStore store) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try {
                orion.close();
            } finally {
                store.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestOrion.class || type == TestClock.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestOrion orion = orion(context);
        return parameter.getParameter().getType() == TestClock.class ? orion.clock() : orion;
    }

    private static TestOrion orion(ExtensionContext context) {
        ExtensionContext owner = perClass(context) ? classContext(context) : context;
        return owner.getStore(NAMESPACE).computeIfAbsent("orion", key -> {
            TemporaryStore store = TemporaryStore.create();
            try {
                return new Held(new TestOrion(OrionSettings.fromMap(store.environment()), new TestClock()), store);
            } catch (RuntimeException e) {
                try {
                    store.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }, Held.class).orion();
    }

    private static boolean perClass(ExtensionContext context) {
        return context.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, OrionTest.class))
                .map(a -> a.lifecycle() == OrionTest.Lifecycle.PER_CLASS).orElse(false);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }
}
