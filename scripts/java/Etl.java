import dev.orion.api.Flow;
import dev.orion.api.RunContext;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * An ETL flow showing Orion's Java API. Run it with
 * {@code ./orion run scripts/java/Etl.java --param n=10}, then look at it with
 * {@code ./orion flow-run inspect <id>}.
 */
public class Etl {

    // Caching: a call with the same input within 10 minutes ends Cached and does not run again.
    static final Task<List<Integer>> extract = Task.of("extract",
            (Integer n) -> IntStream.range(0, n).boxed().toList()).withCacheByInputs(Duration.ofMinutes(10));

    static final Task<Integer> square = Task.of("square", (Integer x) -> x * x).withTags("cpu");

    static final Task<String> audit = Task.of("audit", () -> "squares audited");

    // Retries: the first attempt fails, the retry half a second later succeeds.
    static final AtomicInteger loadAttempts = new AtomicInteger();
    static final Task<Integer> load = Task.of("load", (List<Integer> squares) -> {
        if (loadAttempts.incrementAndGet() == 1) {
            throw new IllegalStateException("the warehouse is busy, try again");
        }
        return squares.stream().mapToInt(Integer::intValue).sum();
    }).withRetries(2, Duration.ofMillis(500));

    // A subflow: runs as a child flow run, linked to a task run of the parent.
    static final Flow<String> report = Flow.of("report", (Integer total) -> {
        RunContext.logger().info("the total is {}", total);
        return "total=" + total;
    });

    public static final Flow<Integer> etl = Flow.of("etl", (Integer n) -> {
        List<Integer> xs = extract.call(n);
        extract.call(n);                                        // Cached: same key, the body does not run
        List<TaskFuture<Integer>> squares = square.map(xs);     // fan-out, concurrently
        TaskFuture<String> audited = audit.waitFor(squares).submit(); // ordered after the squares, no data
        int total = load.call(squares);                         // futures in, values out; edges recorded
        RunContext.logger().info("{}; {}", audited.result(), report.call(total));
        return total;
    });
}
