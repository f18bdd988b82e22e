package dev.orion.plugins.examples;

import dev.orion.api.Flow;
import dev.orion.api.FlowProvider;
import dev.orion.api.Task;
import dev.orion.api.TaskFuture;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.pf4j.Extension;

/**
 * Two flows to run with {@code orion run --flow NAME}: {@code word-count} counts the words of
 * a text, one task run per line; {@code fizz-buzz} plays FizzBuzz up to {@code n}, one task run
 * per number. Stateless and thread-safe.
 */
@Extension
public class ExampleFlows implements FlowProvider {

    static final Task<Integer> COUNT_WORDS = Task.of("count-words", (String line) ->
            (int) Arrays.stream(line.trim().split("\\s+")).filter(w -> !w.isEmpty()).count());

    static final Flow<Integer> WORD_COUNT = Flow.of("word-count", (String text) -> {
        List<TaskFuture<Integer>> counts = COUNT_WORDS.map(List.of(text.split("\n")));
        return counts.stream().mapToInt(TaskFuture::result).sum();
    }).withDescription("Counts the words of a text, one task run per line");

    static final Task<String> FIZZ_BUZZ_ONE = Task.of("fizz-buzz-one", (Integer i) ->
            i % 15 == 0 ? "FizzBuzz" : i % 3 == 0 ? "Fizz" : i % 5 == 0 ? "Buzz" : String.valueOf(i));

    static final Flow<Map<String, Integer>> FIZZ_BUZZ = Flow.of("fizz-buzz", (Integer n) -> {
        List<TaskFuture<String>> words = FIZZ_BUZZ_ONE.map(IntStream.rangeClosed(1, n).boxed().toList());
        Map<String, Integer> tally = new LinkedHashMap<>();
        for (TaskFuture<String> w : words) {
            String word = w.result();
            tally.merge(word.chars().allMatch(Character::isDigit) ? "number" : word, 1, Integer::sum);
        }
        return tally;
    }).withDescription("Plays FizzBuzz up to n and tallies the answers");

    @Override
    public List<Flow<?>> flows() {
        return List.of(WORD_COUNT, FIZZ_BUZZ);
    }
}
