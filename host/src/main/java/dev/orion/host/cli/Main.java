package dev.orion.host.cli;

import dev.orion.api.OrionException;
import dev.orion.host.logging.LogFormat;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import picocli.CommandLine;

/**
 * The {@code orion} command line: the jar's main class. {@link #run} does everything but
 * exit, so tests drive the CLI exactly as a user would and read what the user would see.
 *
 * <p>Exit codes: 0 success; 2 a mistake of the user's (unknown command or option, bad value,
 * an {@link dev.orion.api.OrionException}); 1 an unexpected error.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        try {
            LogFormat.apply(System.getenv());
        } catch (OrionException e) {
            System.err.println("orion: " + e.getMessage());
            System.exit(2);
        }
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the CLI with the process environment. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    /**
     * Runs the CLI with the given environment variables in place of the process's
     * ({@code ORION_HOME}, {@code ORION_DATABASE_URL}, {@code ORION_DEBUG} and the rest).
     *
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Objects.requireNonNull(args, "args");
        PrintWriter outWriter = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
        try {
            PluginsOption plugins = PluginsOption.extract(args, env);
            CliContext context = new CliContext(plugins.env(), outWriter, errWriter);
            return commandLine(context).execute(plugins.args());
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    static CommandLine commandLine(CliContext context) {
        ErrorHandler errors = new ErrorHandler(context);
        return new CommandLine(OrionCommand.class, new CommandFactory(context))
                .setOut(context.out())
                .setErr(context.err())
                .setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                // A run id typed wrong gets the same one line wherever a command takes one.
                .registerConverter(UUID.class, RunIds::parse)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
    }
}
