package dev.orion.host.bench;

import dev.orion.host.scripting.ScriptHost;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.graalvm.polyglot.Engine;

/**
 * What a new {@link ScriptHost} pays to load a Python flow file when the JVM has loaded one
 * before: on the engine every host shares (the default) and on an engine of its own (what each
 * host made before). A test suite or a server loads flows in many hosts of one JVM. Prints the
 * milliseconds of each load, the first (cold) one apart.
 * Usage: scripts/bench/script-hosts.sh [loads] [file.py]
 */
public final class ScriptHostBenchmark {

    public static void main(String[] args) {
        int loads = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path file = Path.of(args.length > 1 ? args[1] : "host/src/test/resources/prefect-corpus/retries.py");
        time("cold (first host of the JVM)", ScriptHost::create, file, 1);
        time("engine of its own", OwnEngine::new, file, loads);
        time("shared engine", ScriptHost::create, file, loads);
    }

    private static void time(String label, Supplier<ScriptHost> hosts, Path file, int loads) {
        long total = 0;
        StringBuilder each = new StringBuilder();
        for (int i = 0; i < loads; i++) {
            long start = System.nanoTime();
            try (ScriptHost host = hosts.get()) {
                host.load(file);
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            total += ms;
            each.append(each.isEmpty() ? "" : ", ").append(ms);
        }
        System.out.printf("%-30s mean %6d ms per host (%s)%n", label, total / loads, each);
    }

    /** A host with an engine of its own, built with the shared engine's options, closed with the host. */
    private static final class OwnEngine extends ScriptHost {
        @Override
        protected Engine createEngine() {
            return Engine.newBuilder().allowExperimentalOptions(true).option("engine.WarnInterpreterOnly", "false")
                    .option("engine.WarnVirtualThreadSupport", "false").build();
        }
    }
}
