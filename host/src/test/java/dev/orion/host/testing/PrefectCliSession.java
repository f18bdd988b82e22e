package dev.orion.host.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Prefect's CLI for several commands in one Python process ({@code prefect-cli-session.py}, typer's
 * {@code CliRunner} as Prefect's own CLI tests use it): each command runs Prefect's real CLI code,
 * and Prefect is imported once rather than once per command, which is most of a command's time.
 * Made by {@link PrefectPeer#cliSession}; one command at a time; close it to end the process.
 */
public final class PrefectCliSession implements AutoCloseable {

    static final Path SCRIPT = Path.of("src/test/resources/prefect-cli-session.py").toAbsolutePath();
    private static final String RESULT_MARK = "\u001eORION-CLI-RESULT ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Writer commands;
    private final BufferedReader answers;
    private final StringBuilder between = new StringBuilder();

    PrefectCliSession(Process process) {
        this.process = process;
        this.commands = process.outputWriter(StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Runs {@code prefect ARGS...} and returns what it printed and its exit code. */
    public synchronized PrefectPeer.Run run(String... args) throws IOException, InterruptedException {
        commands.write(JSON.writeValueAsString(List.of(args)) + "\n");
        commands.flush();
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(this::nextAnswer);
        try {
            JsonNode result = JSON.readTree(answer.get(PrefectPeer.DEADLINE.toSeconds(), TimeUnit.SECONDS));
            return new PrefectPeer.Run(result.get("exit").asInt(), result.get("output").asText());
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("prefect " + String.join(" ", args) + " did not end within " + PrefectPeer.DEADLINE
                    + ":\n" + between);
        } catch (ExecutionException e) {
            throw new AssertionError("prefect " + String.join(" ", args) + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The next answer line, keeping what the process printed outside any command for a failure's message. */
    private String nextAnswer() {
        try {
            for (String line = answers.readLine(); line != null; line = answers.readLine()) {
                if (line.startsWith(RESULT_MARK)) {
                    between.setLength(0);
                    return line.substring(RESULT_MARK.length());
                }
                between.append(line).append('\n');
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("Prefect's CLI process ended (exit "
                + process.onExit().join().exitValue() + "):\n" + between);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        commands.close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
