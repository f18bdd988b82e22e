package dev.orion.host.orchestration.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClampedPoissonIntervalTest {

    @Test
    void staysBetweenTheClampsAndAveragesAboutTheInterval() {
        double sum = 0;
        int n = 20_000;
        double lower = 10 * ClampedPoissonInterval.lowerClampMultiple(1.3);
        for (int i = 0; i < n; i++) {
            double sample = ClampedPoissonInterval.sample(10, 0.3);
            assertThat(sample).isBetween(lower - 1e-9, 13.0 + 1e-9);
            sum += sample;
        }
        assertThat(sum / n).isCloseTo(10, within(0.5));
    }

    @Test
    void computesTheLowerClampSoThatTheMedianIsCentred() {
        // for k = 1.3: log2(2^1.3 / (2^1.3 - 1))
        assertThat(ClampedPoissonInterval.lowerClampMultiple(1.3)).isCloseTo(0.7518, within(0.001));
        assertThat(ClampedPoissonInterval.lowerClampMultiple(60)).isZero();
    }

    @Test
    void returnsZeroForAZeroInterval() {
        assertThat(ClampedPoissonInterval.sample(0, 0.3)).isZero();
    }

    @Test
    void refusesANonPositiveClampingFactor() {
        assertThatThrownBy(() -> ClampedPoissonInterval.sample(10, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clamping factor");
    }
}
