package dev.orion.host.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that drives heavy real components (child JVMs, a browser, clusters of
 * servers and workers). The suite runs test classes in parallel JVMs; heavy classes take turns
 * (see {@link HeavyLock}), so two busy ones never starve one another of the machine's cores, while
 * light classes go on beside them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("heavy")
@ExtendWith(HeavyLock.class)
public @interface Heavy {

    /**
     * True for a class that spends most of its time waiting on what it tests (a heartbeat timeout,
     * a database outage) with little running: it takes no turn, and runs beside a busy heavy class.
     */
    boolean mostlyWaits() default false;
}
