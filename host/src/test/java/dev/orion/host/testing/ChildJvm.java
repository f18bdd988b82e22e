package dev.orion.host.testing;

import dev.orion.host.cli.Main;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How tests start a child JVM on the test's class path — an {@code orion} command as a user runs
 * it, or any main class — with the flags every child needs and exactly the {@code ORION_*}
 * settings the test gives (nothing of the caller's own environment leaks in).
 */
public final class ChildJvm {

    /**
     * Small heap, serial GC and the quick compiler only: many short-lived children share the 2-core
     * machine with the suite, and C2's compilations would cost a child more CPU than they win it
     * (about half the CPU of an {@code orion run} of a JavaScript flow goes into them).
     */
    public static final List<String> FLAGS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
            "-Dpolyglot.engine.WarnInterpreterOnly=false");

    private ChildJvm() {
    }

    /** The command line of {@code orion args...}. */
    public static List<String> orion(String... args) {
        return command(System.getProperty("java.class.path"), Main.class, List.of(), args);
    }

    /** The command line of {@code main}'s {@code main(args)} on {@code classPath}, with extra JVM flags. */
    public static List<String> command(String classPath, Class<?> main, List<String> extraFlags, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(FLAGS);
        command.addAll(extraFlags);
        command.add("-cp");
        command.add(classPath);
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** A process builder for {@code command} whose {@code ORION_*} environment is exactly {@code env}. */
    public static ProcessBuilder builder(List<String> command, Map<String, String> env) {
        ProcessBuilder b = new ProcessBuilder(command);
        b.environment().keySet().removeIf(k -> k.startsWith("ORION_"));
        b.environment().putAll(env);
        return b;
    }
}
