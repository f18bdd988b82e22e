package dev.orion.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test a fresh embedded Orion on a temporary store, injected as a {@link TestOrion}
 * parameter (its {@link TestClock} too, if asked for). SQLite in a temporary folder by default;
 * a fresh schema of the PostgreSQL database named by {@code ORION_TEST_DATABASE_URL} (or the
 * system property {@code orion.test.databaseUrl}) when one is set.
 *
 * <pre>{@code
 * @OrionTest
 * class EtlTest {
 *     @Test
 *     void retriesTheFlakyTaskOnce(TestOrion orion) {
 *         FlowRunOutcome run = orion.run(Etl.flow, Map.of("n", 3));
 *         assertThat(orion.record(run)).isCompleted().taskRun("flaky").wentThrough("Pending", "Running",
 *                 "AwaitingRetry", "Retrying", "Completed");
 *     }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(OrionExtension.class)
public @interface OrionTest {

    /** Whether each test method gets its own Orion (default) or the tests of a class share one. */
    Lifecycle lifecycle() default Lifecycle.PER_METHOD;

    /** How long an Orion lives. */
    enum Lifecycle {
        /** A fresh Orion and store for every test method. */
        PER_METHOD,
        /** One Orion and store for all the tests of the class. */
        PER_CLASS
    }
}
