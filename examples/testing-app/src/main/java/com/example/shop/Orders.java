package com.example.shop;

import dev.orion.api.Flow;
import dev.orion.api.RunContext;
import dev.orion.api.Task;
import java.time.Duration;
import java.util.List;

/** The shop's order flow: price each item, charge the card (the payment gateway is flaky), ship. */
public final class Orders {

    private Orders() {
    }

    /** The payment gateway; tests swap in one that fails the way they need. */
    public interface Gateway {
        String charge(String order, int cents);
    }

    public static volatile Gateway gateway = (order, cents) -> "receipt-" + order;

    static final Task<Integer> price = Task.of("price", (String item) -> item.length() * 100)
            .withCacheByInputs(Duration.ofHours(1));

    static final Task<String> charge = Task.of("charge", (String order, Integer cents) -> gateway.charge(order, cents))
            .withRetries(2, Duration.ofMinutes(5));

    static final Task<String> ship = Task.of("ship", (String receipt) -> "shipped with " + receipt);

    public static final Flow<String> placeOrder = Flow.of("place-order", (String order, List<String> items) -> {
        int total = price.map(items).stream().mapToInt(f -> f.result()).sum();
        RunContext.logger().info("order {} comes to {} cents", order, total);
        return ship.call(charge.call(order, total));
    });
}
