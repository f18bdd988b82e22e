package dev.orion.host.cli;

import dev.orion.api.OrionException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns whatever went wrong into what a user should see on stderr, and an exit code.
 *
 * <ul>
 *   <li>an unknown command or option, or a missing argument: the message and the usage, exit 2;
 *   <li>a bad value: one line saying what is wrong, exit 2;
 *   <li>an {@link OrionException}, also as the cause of another: {@code orion: <message>}, exit 2;
 *   <li>anything else: one line and a hint to set {@code ORION_DEBUG=1}, exit 1.
 * </ul>
 * With {@code ORION_DEBUG} set, exceptions also print their stack trace.
 */
final class ErrorHandler implements CommandLine.IParameterExceptionHandler,
        CommandLine.IExecutionExceptionHandler {

    static final int USER_ERROR = 2;
    static final int UNEXPECTED_ERROR = 1;

    private final CliContext context;

    ErrorHandler(CliContext context) {
        this.context = context;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        PrintWriter err = context.err();
        CommandLine commandLine = ex.getCommandLine();
        err.println("orion: " + describe(ex));
        if (ex instanceof CommandLine.UnmatchedArgumentException
                || ex instanceof CommandLine.MissingParameterException) {
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            commandLine.usage(err);
        }
        return USER_ERROR;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = context.err();
        Optional<OrionException> orion = orionCause(ex);
        if (orion.isPresent()) {
            err.println("orion: " + orion.get().getMessage());
        } else {
            err.println("orion: unexpected " + ex.getClass().getSimpleName()
                    + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
            if (!context.debug()) {
                err.println("orion: set ORION_DEBUG=1 to see the stack trace");
            }
        }
        if (context.debug()) {
            ex.printStackTrace(err);
        }
        return orion.isPresent() ? USER_ERROR : UNEXPECTED_ERROR;
    }

    private static String describe(ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().getFirst();
            String what = first.startsWith("-") ? "unknown option"
                    : ex.getCommandLine().getSubcommands().isEmpty() ? "unexpected argument" : "unknown command";
            return what + " '" + first + "'";
        }
        return ex.getMessage();
    }

    private static Optional<OrionException> orionCause(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OrionException orion) {
                return Optional.of(orion);
            }
        }
        return Optional.empty();
    }
}
