package dev.orion.host.cli;

import dev.orion.api.OrionException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns whatever went wrong into what a user should see on stderr, and an exit code.
 *
 * <ul>
 *   <li>an unknown command or option, a missing argument, a bad value: one line saying what is
 *       wrong, with picocli's suggestion if it has one, and the command's {@code --help}, exit 2;
 *   <li>a value a converter refused with an {@link OrionException} (a run id): its message, exit 2;
 *   <li>an {@link OrionException}, also as the cause of another: {@code orion: <message>}, exit 2;
 *   <li>anything else: one line and a hint to set {@code ORION_DEBUG=1}, exit 1.
 * </ul>
 * With {@code ORION_DEBUG} set, exceptions also print their stack trace.
 */
final class ErrorHandler implements CommandLine.IParameterExceptionHandler,
        CommandLine.IExecutionExceptionHandler {

    static final int USER_ERROR = 2;
    private static final Pattern KEY_VALUE =
            Pattern.compile("Value for option option '([^']+)'.* should be in KEY=VALUE format but was (.*)", Pattern.DOTALL);
    static final int UNEXPECTED_ERROR = 1;

    private final CliContext context;

    ErrorHandler(CliContext context) {
        this.context = context;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        Optional<OrionException> orion = orionCause(ex);
        String what = orion.isPresent() ? orion.get().getMessage() : describe(ex);
        context.err().println("orion: " + what + (orion.isPresent() ? "" : (what.endsWith("?") ? " See '" : "; see '")
                + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'"));
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
            List<String> suggestions = unmatched.getSuggestions();
            return what + " '" + first + "'"
                    + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions.stream()
                            .limit(3).map(s -> "'" + s + "'").toList()) + "?");
        }
        String message = ex.getMessage();
        // picocli says "Value for option option '--param' (KEY=VALUE) should be in KEY=VALUE format but was n".
        Matcher keyValue = KEY_VALUE.matcher(message);
        if (keyValue.matches()) {
            return keyValue.group(1) + " must be KEY=VALUE, e.g. " + keyValue.group(1) + " n=10, got '"
                    + keyValue.group(2) + "'";
        }
        // "Missing required option" reads as the rest of "orion: ..."; "LIMIT must be" keeps its capitals.
        return message.length() < 2 || !Character.isLowerCase(message.charAt(1)) ? message
                : Character.toLowerCase(message.charAt(0)) + message.substring(1);
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
