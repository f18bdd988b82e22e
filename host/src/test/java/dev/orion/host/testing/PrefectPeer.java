package dev.orion.host.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Prefect 2.14 client and server of {@code /work/shared/prefect-peer}, set up by its
 * {@code setup.sh DIR} into the folder {@code ORION_PREFECT_PEER} names. Missing, a test that needs
 * it is skipped with a one-line reason on a developer machine and fails when {@code CI=true}, as
 * {@link RequiredTool} does. Thread-safe.
 */
public final class PrefectPeer {

    /** How long a Prefect flow script or server start may take on a loaded machine. */
    public static final Duration DEADLINE = Duration.ofMinutes(4);

    private final Path dir;

    private PrefectPeer(Path dir) {
        this.dir = dir;
    }

    /** The peer named by {@code ORION_PREFECT_PEER}; skips (or, in CI, fails) the test without it. */
    public static PrefectPeer require() {
        String value = System.getenv("ORION_PREFECT_PEER");
        if (value != null && !value.isBlank() && Files.isRegularFile(Path.of(value, "env.sh"))) {
            return new PrefectPeer(Path.of(value));
        }
        String reason = "ORION_PREFECT_PEER does not name a folder made by /work/shared/prefect-peer/setup.sh DIR"
                + " (got '" + value + "')";
        if ("true".equals(System.getenv("CI"))) {
            fail(reason + ": CI must run the Prefect compatibility tests");
        }
        Assumptions.abort(reason + ": skipped on this machine");
        throw new IllegalStateException("unreachable");
    }

    /** What a script printed (stdout and stderr together) and how it exited. */
    public record Run(int exit, String output) {

        /** The JSON after the line's {@code prefix} that the script printed. */
        public String line(String prefix) {
            return output.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                    .findFirst().orElseThrow(() -> new AssertionError("no line starting '" + prefix + "' in:\n" + output));
        }
    }

    /** What a started process has printed to {@code log} so far, for a failure's message. */
    public static String output(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no output)";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Runs a Python script with Prefect's client against the API at {@code apiUrl}. */
    public Run python(Path script, String apiUrl) throws IOException, InterruptedException {
        return python(script, apiUrl, Map.of());
    }

    /** Runs a Python script with Prefect's client against the API at {@code apiUrl}, with more {@code PREFECT_*} settings. */
    public Run python(Path script, String apiUrl, Map<String, String> settings) throws IOException, InterruptedException {
        Path log = Files.createTempFile(script.getParent(), "prefect-", ".log");
        Process p = start(script, apiUrl, settings, log);
        if (!p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(script.getFileName() + " did not end within " + DEADLINE + ":\n" + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    /**
     * Starts a Python script with Prefect's client against the API at {@code apiUrl} and leaves it
     * running (a served flow, say), its output in {@code log}; {@code settings} are more
     * {@code PREFECT_*} settings. Destroying the process sends it SIGTERM, as a user's Ctrl-C would.
     */
    public Process start(Path script, String apiUrl, Map<String, String> settings, Path log) throws IOException {
        return launch("python3 '" + script + "'", script.getParent(), apiUrl, settings, log);
    }

    /**
     * Runs Prefect's CLI, {@code prefect ARGS...}, in {@code workDir} against the API at {@code apiUrl},
     * printing wide tables without colour so that what it prints can be read whole.
     */
    public Run cli(Path workDir, String apiUrl, String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(workDir, "prefect-cli-", ".log");
        Process p = startCli(workDir, apiUrl, Map.of(), log, args);
        if (!p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("prefect " + String.join(" ", args) + " did not end within " + DEADLINE + ":\n" + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    /**
     * Prefect's CLI in one Python process for several commands, in {@code workDir} against the API at
     * {@code apiUrl}, printing wide tables without colour as {@link #cli} does; close it after use.
     */
    public PrefectCliSession cliSession(Path workDir, String apiUrl) throws IOException {
        String command = "export PREFECT_API_URL='" + apiUrl + "' COLUMNS=250 NO_COLOR=1; exec python3 '"
                + PrefectCliSession.SCRIPT + "'";
        return new PrefectCliSession(shell(command, workDir).redirectErrorStream(true).start());
    }

    /** Starts a Prefect CLI command that keeps running (an agent, a worker), its output in {@code log}. */
    public Process startCli(Path workDir, String apiUrl, Map<String, String> settings, Path log, String... args)
            throws IOException {
        StringBuilder command = new StringBuilder("prefect");
        for (String a : args) {
            command.append(" '").append(a.replace("'", "'\\''")).append("'");
        }
        Map<String, String> all = new HashMap<>(Map.of("COLUMNS", "250", "NO_COLOR", "1"));
        all.putAll(settings);
        return launch(command.toString(), workDir, apiUrl, all, log);
    }

    private Process launch(String command, Path workDir, String apiUrl, Map<String, String> settings, Path log)
            throws IOException {
        StringBuilder exports = new StringBuilder("export PREFECT_API_URL='" + apiUrl + "'; ");
        settings.forEach((k, v) -> exports.append("export ").append(k).append("='").append(v).append("'; "));
        return shell(exports + "exec " + command, workDir).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Prefect's own API server on a free port, with its database under {@code home}; close it to stop it. */
    public Server startServer(Path home) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(home);
        Process p = shell("export PREFECT_HOME='" + home + "'; exec python3 -c \"import sys, uvicorn; "
                + "from prefect.server.api.server import create_app; uvicorn.run(create_app(ephemeral=False), "
                + "host='127.0.0.1', port=" + port + ", log_level='warning')\"", home)
                .redirectErrorStream(true).redirectOutput(home.resolve("server.log").toFile()).start();
        Server server = new Server(p, "http://127.0.0.1:" + port + "/api");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            Eventually.until("Prefect's server answers /api/health", DEADLINE, () -> {
                if (!p.isAlive()) {
                    fail("Prefect's server stopped:\n" + Files.readString(home.resolve("server.log")));
                }
                try {
                    return http.send(HttpRequest.newBuilder(URI.create(server.apiUrl() + "/health")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (RuntimeException | AssertionError e) {
            p.destroyForcibly(); // a server that never answered must not outlive the test
            throw e;
        }
        return server;
    }

    /** A running Prefect server. */
    public record Server(Process process, String apiUrl) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private ProcessBuilder shell(String command, Path workDir) {
        ProcessBuilder b = new ProcessBuilder(List.of("bash", "-c", "source '" + dir.resolve("env.sh") + "' && " + command));
        b.environment().keySet().removeIf(k -> k.startsWith("PREFECT_") || k.startsWith("ORION_"));
        b.directory(workDir.toFile());
        return b;
    }
}
