package dev.orion.api.fn;

import java.io.Serializable;

/**
 * The body of a flow or task with two arguments. It is {@link Serializable} only so that Orion can
 * read the declared parameter names and types of a lambda or method reference once, when the
 * flow or task is defined; Orion never serializes it.
 */
@FunctionalInterface
public interface Fn2<A, B, R> extends Serializable {

    /** Runs the body; any exception fails the run. */
    R apply(A a, B b) throws Exception;
}
