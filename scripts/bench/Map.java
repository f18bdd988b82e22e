import dev.orion.api.Flow;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import java.util.stream.IntStream;

/** Benchmark twin of map.js: ./orion run scripts/bench/Map.java --param n=10000 --json */
public class Map {
    static final Task<Integer> trivial = Task.of("trivial", (Integer x) -> x + 1);

    public static final Flow<Long> benchMap = Flow.of("bench-map-java", (Integer n) ->
            trivial.map(IntStream.range(0, n).boxed().toList()).stream().mapToLong(TaskFuture::result).sum());
}
