package dev.orion.host.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.StateDetails;
import dev.orion.host.util.Json;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StateDetailsJsonTest {

    @Test
    void everyFieldSurvivesTheRoundTripThroughJackson() {
        StateDetails d = new StateDetails(Instant.parse("2026-11-28T12:00:00.123456Z"), "key \"with\" quotes\n",
                Instant.parse("2026-11-29T00:00:00Z"), true, 3, UUID.randomUUID(), Instant.parse("2026-11-28T13:00:00Z"),
                false, "pause-1", UUID.randomUUID(), false);
        assertThat(Json.read(StateDetailsJson.write(d), StateDetails.class)).isEqualTo(d);
    }

    @Test
    void onlyTheFieldsThatAreSetAreWritten() {
        UUID id = UUID.fromString("01a2221d-a429-7836-b97c-93c4b1d6dbda");
        assertThat(StateDetailsJson.write(StateDetails.EMPTY.withTransitionId(id)))
                .isEqualTo("{\"transitionId\":\"01a2221d-a429-7836-b97c-93c4b1d6dbda\"}");
        assertThat(Json.read(StateDetailsJson.write(StateDetails.EMPTY), StateDetails.class)).isEqualTo(StateDetails.EMPTY);
    }

    @Test
    void itsOwnReaderReadsEveryFieldAsJacksonDoes() {
        StateDetails d = new StateDetails(Instant.parse("2026-11-28T12:00:00.123456Z"), "key \"with\" quotes\n",
                Instant.parse("2026-11-29T00:00:00Z"), true, 3, UUID.randomUUID(), Instant.parse("2026-11-28T13:00:00Z"),
                false, "pause-1", UUID.randomUUID(), false);
        assertThat(StateDetailsJson.read(StateDetailsJson.write(d))).isEqualTo(d);
        assertThat(StateDetailsJson.read("{}")).isEqualTo(StateDetails.EMPTY);
        StateDetails transitionOnly = StateDetails.EMPTY.withTransitionId(UUID.randomUUID());
        assertThat(StateDetailsJson.read(StateDetailsJson.write(transitionOnly))).isEqualTo(transitionOnly);
    }

    @Test
    void detailsInAnotherShapeAreReadByJackson() {
        String numeric = "{\"scheduledTime\":1764331200.5,\"retryAttempt\":2,\"cacheKey\":null,\"laterField\":{\"x\":1}}";
        assertThat(StateDetailsJson.read(numeric)).isEqualTo(Json.read(numeric, StateDetails.class));
        assertThat(StateDetailsJson.read(numeric).retryAttempt()).isEqualTo(2);
    }
}
