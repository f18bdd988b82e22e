package dev.orion.host.load;

import java.time.Duration;

/**
 * What one load and fault run sets up: servers, work queues, workers per queue (each executing at
 * most {@code workerLimit} runs at once, spread over the servers), how many flow runs of
 * {@code scripts/bench/load.js} to create, how long each of its five tasks sleeps, the heartbeat
 * timeout every process gets, and how long the runs may take to end.
 */
record LoadPlan(String label, int servers, int queues, int workersPerQueue, int workerLimit, int runs,
                int taskSleepMillis, Duration heartbeatTimeout, Duration deadline) {

    /**
     * Orion's default. Longer than a server restart (a new JVM: 2–5 s on an idle machine, 30 s was
     * seen on a loaded one, plus the workers' 2 s retry backoff) and than a worker starved of CPU
     * for a while, so that the runs of live workers are never declared Crashed.
     */
    static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(60);

    /**
     * How long the runs' progress may stall before the test fails: a loaded machine makes them
     * slow, never stuck for minutes.
     */
    static final Duration STALL = Duration.ofMinutes(2);

    /**
     * The runs of the suite's case on PostgreSQL (SQLite's gets half): enough that a worker is
     * killed with runs executing and the server restarted with runs left, while the heartbeat
     * timeout, not the runs, sets the test's length. The full size is the benchmark's.
     */
    static final int CI_RUNS = 80;

    /** Two servers and four workers on two queues, sharing one PostgreSQL database. */
    static LoadPlan postgres(int runs) {
        return new LoadPlan("PostgreSQL", 2, 2, 2, 4, runs, 100, HEARTBEAT_TIMEOUT, deadline(runs));
    }

    /** One server owning the SQLite file in its ORION_HOME, and two workers on one queue. */
    static LoadPlan sqlite(int runs) {
        return new LoadPlan("SQLite", 1, 1, 2, 4, runs, 100, HEARTBEAT_TIMEOUT, deadline(runs));
    }

    int workers() {
        return queues * workersPerQueue;
    }

    /** Generous: two minutes, plus half a second a run (the CI size needs far less). */
    private static Duration deadline(int runs) {
        return Duration.ofMinutes(2).plusMillis(500L * runs);
    }
}
