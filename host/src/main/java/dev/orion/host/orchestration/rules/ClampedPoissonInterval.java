package dev.orion.host.orchestration.rules;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Randomizes a retry delay as Prefect's {@code clamped_poisson_interval} does: an exponentially
 * distributed ("Poisson inter-arrival") time with the delay as its mean, clamped to at most
 * {@code delay * (1 + factor)} and to a lower bound chosen so the mean stays about the delay.
 * Spreads the retries of many runs that failed together. Thread-safe.
 */
final class ClampedPoissonInterval {

    private ClampedPoissonInterval() {
    }

    /** A random interval around {@code averageInterval}; 0 for a non-positive average. */
    static double sample(double averageInterval, double clampingFactor) {
        if (clampingFactor <= 0) {
            throw new IllegalArgumentException("the clamping factor must be > 0, got " + clampingFactor);
        }
        if (averageInterval <= 0) {
            return 0;
        }
        double upperClampMultiple = 1 + clampingFactor;
        double upperBound = averageInterval * upperClampMultiple;
        double lowerBound = Math.max(0, averageInterval * lowerClampMultiple(upperClampMultiple));
        double upperRv = exponentialCdf(upperBound, averageInterval);
        double lowerRv = exponentialCdf(lowerBound, averageInterval);
        return poissonInterval(averageInterval, lowerRv, upperRv);
    }

    /**
     * The lower clamp multiple c for an upper one k: the probability mass between c times and
     * the median equals the mass between the median and k times the average.
     */
    static double lowerClampMultiple(double k) {
        if (k >= 50) {
            return 0; // 2^k overflows the ratio below into 1, and the bound into 0, anyway
        }
        double twoToK = Math.pow(2, k);
        return Math.log(Math.max(twoToK / (twoToK - 1), 1e-10)) / Math.log(2);
    }

    private static double exponentialCdf(double x, double averageInterval) {
        return 1 - Math.exp(-x / averageInterval);
    }

    private static double poissonInterval(double averageInterval, double lower, double upper) {
        double u = lower == upper ? lower : ThreadLocalRandom.current().nextDouble(lower, upper);
        // bounded away from 0 so that the logarithm stays finite
        return -Math.log(Math.max(1 - u, 1e-10)) * averageInterval;
    }
}
