package dev.orion.host.orchestration.rules;

import dev.orion.api.State;
import dev.orion.api.orchestration.TransitionContext;
import java.time.Instant;

/** The AwaitingRetry state both retry rules propose instead of Failed. */
final class Retries {

    private Retries() {
    }

    /**
     * AwaitingRetry, scheduled {@code delaySeconds} from now, keeping the failure's message and
     * result, with the number of the attempt it leads to (the run count plus one).
     */
    static State awaitingRetry(TransitionContext context, double delaySeconds) {
        State failed = context.proposedState().orElseThrow();
        Instant scheduledTime = context.now().plusMillis(Math.round(delaySeconds * 1000));
        State retry = State.awaitingRetry(scheduledTime)
                .withMessage(failed.message())
                .withResultRef(failed.resultRef());
        return retry.withDetails(retry.details().withRetryAttempt(context.run().runCount() + 1));
    }
}
