package dev.orion.api.fn;

/**
 * A flow or task body seen as the engine calls it: positional arguments in, a result out.
 * Script hosts build flows and tasks from this shape directly.
 */
@FunctionalInterface
public interface Invoker {

    /** Calls the body with the arguments in declaration order. */
    Object invoke(Object[] args) throws Exception;
}
