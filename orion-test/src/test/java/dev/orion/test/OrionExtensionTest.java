package dev.orion.test;

import static dev.orion.test.OrionAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.Flow;
import dev.orion.api.RunContext;
import dev.orion.api.StateType;
import dev.orion.api.Task;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.host.store.RunStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@OrionTest
class OrionExtensionTest {

    private static final Set<String> FAILED_ONCE = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger PRICE_CALLS = new AtomicInteger();

    static final Task<Integer> flaky = Task.of("flaky", (String key) -> {
        if (FAILED_ONCE.add(key)) {
            throw new IllegalStateException("the first call of " + key + " fails");
        }
        return key.length();
    }).withRetries(1, Duration.ofMinutes(10));
    static final Flow<Integer> retrying = Flow.of("retrying", (String key) -> {
        RunContext.logger().info("fetching {}", key);
        return flaky.call(key);
    });

    static final Task<Integer> price = Task.of("price", (String item) -> {
        PRICE_CALLS.incrementAndGet();
        return item.length() * 100;
    }).withCacheByInputs(Duration.ofHours(1));
    static final Flow<Integer> pricing = Flow.of("pricing", (String item) -> price.call(item));

    @Test
    void aRetryTenMinutesLaterHappensWithoutSleeping(TestOrion orion) {
        Instant start = orion.clock().now();

        FlowRunOutcome run = orion.run(retrying, Map.of("key", "retry-" + start));

        RunRecord record = orion.record(run);
        assertThat(record).isCompleted().hasTaskRuns(1).hadDecisionBy("RetryFailedTasks")
                .loggedContaining("fetching retry-");
        assertThat(record).taskRun("flaky")
                .wentThrough("Pending", "Running", "AwaitingRetry", "Retrying", "Completed")
                .enteredBecauseOf("AwaitingRetry", "RetryFailedTasks")
                .enteredBecauseOf("Retrying", "RenameReruns")
                .endedIn(StateType.COMPLETED);
        assertThat(orion.clock().elapsedSince(start)).isGreaterThanOrEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aCachedResultExpiresWhenTheClockPassesItsExpiry(TestOrion orion, TestClock clock) {
        String item = "item-" + clock.now();
        int before = PRICE_CALLS.get();

        orion.run(pricing, Map.of("item", item));
        RunRecord cached = orion.record(orion.run(pricing, Map.of("item", item)));
        clock.advance(Duration.ofHours(2));
        RunRecord expired = orion.record(orion.run(pricing, Map.of("item", item)));

        assertThat(cached).taskRun("price").wentThrough("Pending", "Cached").enteredBecauseOf("Cached", "CacheRetrieval");
        assertThat(expired).taskRun("price").wentThrough("Pending", "Running", "Completed");
        assertThat(PRICE_CALLS.get() - before).isEqualTo(2);
    }

    @Test
    void eachTestGetsAFreshStore(TestOrion orion) {
        orion.run(pricing, Map.of("item", "fresh"));

        assertThat(new RunStore(orion.database()).listFlowRuns(100, null, null)).hasSize(1);
        assertThat(orion.settings().home().getFileName().toString()).startsWith("orion-test-");
    }
}
