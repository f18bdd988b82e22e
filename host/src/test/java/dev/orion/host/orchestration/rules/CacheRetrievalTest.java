package dev.orion.host.orchestration.rules;

import dev.orion.host.testing.RuleKit;
import dev.orion.host.orchestration.Verdict;
import dev.orion.host.testing.InMemoryOrchestrationData;
import dev.orion.host.testing.TransitionSpec;
import static dev.orion.api.StateType.COMPLETED;
import static dev.orion.api.StateType.PENDING;
import static dev.orion.api.StateType.RUNNING;
import static dev.orion.host.testing.TransitionSpec.aTaskTransition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.State;
import dev.orion.api.StateDetails;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.api.orchestration.ResultStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Caching end to end: {@link CacheInsertion} stores, {@link CacheRetrieval} hands back. */
class CacheRetrievalTest {

    private static final List<OrchestrationRule> CACHING = List.of(new CacheInsertion(), new CacheRetrieval());

    static Stream<Arguments> expirations() {
        Instant now = Instant.now();
        return Stream.of(
                Arguments.of("past", now.minus(Duration.ofDays(1)), ResultStatus.ACCEPT, "Running"),
                Arguments.of("future", now.plus(Duration.ofDays(1)), ResultStatus.REJECT, "Cached"),
                Arguments.of("never", null, ResultStatus.REJECT, "Cached"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expirations")
    void retrievesACachedStateUntilItExpires(String label, Instant expiration, ResultStatus status, String name) {
        var data = new InMemoryOrchestrationData();
        var first = aTaskTransition().from(RUNNING).to(withCache(State.completed().withResultRef("r1"), expiration))
                .withInitialDetails(d -> d.withCache("cache-hit", expiration)).build();
        assertThat(RuleKit.only(CACHING).decide(first, data).status()).isEqualTo(ResultStatus.ACCEPT);

        var second = aTaskTransition().from(PENDING).to(withCache(State.running(), expiration)).build();
        Verdict outcome = RuleKit.only(CACHING).decide(second, data);

        assertThat(outcome.status()).isEqualTo(status);
        assertThat(outcome.state().name()).isEqualTo(name);
        if (status == ResultStatus.REJECT) {
            assertThat(outcome.state().type()).isEqualTo(COMPLETED);
            assertThat(outcome.state().resultRef()).isEqualTo("r1");
            assertThat(outcome.state().timestamp()).isEqualTo(second.now());
            assertThat(outcome.reason()).isEqualTo("Retrieved state from cache");
        }
    }

    @ParameterizedTest
    @MethodSource("everyTypeButCompleted")
    void cachesOnlyCompletedStates(StateType type) {
        var data = new InMemoryOrchestrationData();
        var first = aTaskTransition().from(RUNNING).to(withCache(State.of(type), null)).build();
        RuleKit.only(CACHING).decide(first, data);

        var second = aTaskTransition().from(PENDING).to(withCache(State.running(), null)).build();

        assertThat(RuleKit.only(CACHING).decide(second, data).status()).isEqualTo(ResultStatus.ACCEPT);
    }

    static Stream<StateType> everyTypeButCompleted() {
        return StateType.ALL.stream().filter(t -> t != COMPLETED).sorted();
    }

    @Test
    void runsAnywayWhenTheProposalAsksToRefreshTheCache() {
        var spec = aTaskTransition().from(PENDING).to(withCache(State.running(), null))
                .withProposedDetails(d -> d.withRefreshCache(true))
                .withCachedState("cache-hit", State.completed(), null).build();

        assertThat(RuleKit.only(new CacheRetrieval()).decide(spec).status()).isEqualTo(ResultStatus.ACCEPT);
    }

    @Test
    void storesNothingWhenNoStateWasWritten() {
        var data = new InMemoryOrchestrationData();
        var spec = aTaskTransition().from(RUNNING).to(withCache(State.completed(), null)).build();

        RuleKit.only(List.of(new CacheInsertion(), TestRules.aborting())).decide(spec, data);

        assertThat(data.findCachedState("cache-hit", Instant.now())).isEmpty();
    }

    private static State withCache(State state, Instant expiration) {
        return state.withDetails(StateDetails.EMPTY.withCache("cache-hit", expiration));
    }
}
