package com.example.shop;

import static dev.orion.test.OrionAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.StateType;
import dev.orion.host.engine.FlowRunOutcome;
import dev.orion.test.OrionTest;
import dev.orion.test.RunRecord;
import dev.orion.test.TestOrion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@OrionTest
class OrdersTest {

    @AfterEach
    void restoreTheGateway() {
        Orders.gateway = (order, cents) -> "receipt-" + order;
    }

    @Test
    void anOrderIsPricedChargedAndShipped(TestOrion orion) {
        FlowRunOutcome run = orion.run(Orders.placeOrder, Map.of("order", "A-1", "items", List.of("tea", "cake")));

        assertThat(run.result()).isEqualTo("shipped with receipt-A-1");
        RunRecord record = orion.record(run);
        assertThat(record).isCompleted().hasTaskRuns(4).loggedContaining("order A-1 comes to 700 cents");
        assertThat(record).taskRun("charge").wentThrough("Pending", "Running", "Completed");
    }

    @Test
    void aFlakyGatewayIsRetriedFiveMinutesLaterWithoutTheTestSleeping(TestOrion orion) {
        AtomicInteger calls = new AtomicInteger();
        Orders.gateway = (order, cents) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("gateway timeout");
            }
            return "receipt-" + order;
        };
        Instant start = orion.clock().now();

        RunRecord record = orion.record(orion.run(Orders.placeOrder, Map.of("order", "B-2", "items", List.of("pie"))));

        assertThat(record).isCompleted().hadDecisionBy("RetryFailedTasks");
        assertThat(record).taskRun("charge")
                .wentThrough("Pending", "Running", "AwaitingRetry", "Retrying", "Completed")
                .enteredBecauseOf("AwaitingRetry", "RetryFailedTasks");
        assertThat(Duration.between(start, orion.clock().now())).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aGatewayThatKeepsFailingFailsTheOrderAfterTwoRetries(TestOrion orion) {
        Orders.gateway = (order, cents) -> {
            throw new IllegalStateException("card declined");
        };

        RunRecord record = orion.record(orion.run(Orders.placeOrder, Map.of("order", "C-3", "items", List.of("jam"))));

        assertThat(record).isFailed();
        assertThat(record).taskRun("charge").endedIn(StateType.FAILED)
                .wentThrough("Pending", "Running", "AwaitingRetry", "Retrying", "AwaitingRetry", "Retrying", "Failed");
        assertThat(record.taskRunsOf("ship")).isEmpty();
    }
}
