package dev.orion.host.scripting;

import dev.orion.api.OrionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

/**
 * Turns a {@link PolyglotException} into what a user of the script's language expects: a host
 * exception thrown through the script comes back as itself, a guest error becomes a
 * {@link ScriptError} carrying only guest frames, a syntax error a {@link ScriptLoadException}
 * reading {@code file:line:column: message}. Stateless.
 */
final class GuestErrors {

    private GuestErrors() {
    }

    /** The exception to throw for an error raised while a task or flow body ran. */
    static RuntimeException translate(PolyglotException e, Path file) {
        if (e.isHostException()) {
            Throwable host = e.asHostException();
            if (host instanceof RuntimeException r) {
                return r;
            }
            if (host instanceof Error err) {
                throw err;
            }
            return new IllegalStateException(host.getMessage(), host);
        }
        if (e.isInterrupted() || e.isCancelled()) {
            return new IllegalStateException("script interrupted", e);
        }
        if (e.isResourceExhausted() && String.valueOf(e.getMessage()).contains("heap space")) {
            // The guest ran the JVM out of heap: the run crashes as a Java flow's would, naming the heap.
            OutOfMemoryError oom = new OutOfMemoryError(e.getMessage());
            oom.initCause(e);
            throw oom;
        }
        StackTraceElement[] frames = guestFrames(e, file);
        if (isPythonCrash(e)) {
            throw new ScriptCrash(message(e), frames);
        }
        Optional<MissingPackages.Explained> missing = MissingPackages.explain(e, file, frames);
        if (missing.isPresent()) {
            List<StackTraceElement> at = new ArrayList<>(List.of(frames));
            at.addFirst(missing.get().frame(e.getGuestObject() != null && e.getGuestObject().hasMember("__traceback__")
                    ? "python" : "js"));
            return new ScriptError(missing.get().text(), at.toArray(StackTraceElement[]::new));
        }
        return new ScriptError(message(e), frames);
    }

    /** The exception for an error while the script's top level ran, or a syntax error. */
    static ScriptLoadException loadError(PolyglotException e, Path file) {
        if (e.isHostException() && e.asHostException() instanceof ScriptLoadException nested) {
            return nested;
        }
        if (e.isHostException() && e.asHostException() instanceof OrionException o) {
            return new ScriptLoadException(file + ": " + o.getMessage(), false, o);
        }
        SourceSection at = e.getSourceLocation();
        if (e.isSyntaxError()) {
            String where = at == null ? file.toString()
                    : file + ":" + at.getStartLine() + ":" + at.getStartColumn();
            return new ScriptLoadException(where + ": " + syntaxMessage(e), true, null);
        }
        StackTraceElement[] frames = guestFrames(e, file);
        Optional<MissingPackages.Explained> missing = MissingPackages.explain(e, file, frames);
        if (missing.isPresent()) {
            return new ScriptLoadException(missing.get().where() + ": " + missing.get().text(), false, null);
        }
        String where = frames.length > 0 ? frames[0].getFileName() + ":" + frames[0].getLineNumber() : file.toString();
        return new ScriptLoadException(where + ": " + message(e), false, null);
    }

    /** Whether a Python error is a BaseException but no Exception (KeyboardInterrupt, SystemExit, ...). */
    private static boolean isPythonCrash(PolyglotException e) {
        try {
            Value error = e.getGuestObject();
            if (error == null || !error.hasMember("__traceback__")) {
                return false;
            }
            Value mro = error.getMember("__class__").getMember("__mro__");
            boolean base = false;
            for (long i = 0; i < mro.getArraySize(); i++) {
                String name = mro.getArrayElement(i).getMember("__name__").asString();
                if (name.equals("Exception")) {
                    return false;
                }
                base |= name.equals("BaseException");
            }
            return base;
        } catch (RuntimeException unexpected) {
            return false;
        }
    }

    private static String message(PolyglotException e) {
        String m = e.getMessage();
        return m == null ? "error" : m;
    }

    /** Languages prefix their syntax messages with a location of their own; keep only the text. */
    private static String syntaxMessage(PolyglotException e) {
        String m = message(e).lines().findFirst().orElse("").strip();
        // GraalJS: "SyntaxError: name.js:3:9 Expected ..."; GraalPy: "... (name.py, line 3)".
        return m.replaceFirst("^(SyntaxError: )?\\S+:\\d+:\\d+\\s+", "$1")
                .replaceFirst("\\s*\\([^()]+, line \\d+\\)$", "");
    }

    /** The guest frames, innermost first, with the script path as the user wrote it. */
    static StackTraceElement[] guestFrames(PolyglotException e, Path file) {
        StackTraceElement[] python = pythonTraceback(e, file);
        if (python != null) {
            return python;
        }
        List<StackTraceElement> frames = new ArrayList<>();
        String name = file.getFileName().toString();
        for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
            if (!f.isGuestFrame() || f.getSourceLocation() == null) {
                continue;
            }
            SourceSection s = f.getSourceLocation();
            String source = s.getSource().getName();
            if (source.startsWith("<orion") || source.equals("orion.js") || source.equals("<orion>")) {
                continue;
            }
            String shown = source.equals(name) ? file.toString() : source;
            String fn = f.getRootName() == null || f.getRootName().isEmpty() ? "<top>" : f.getRootName();
            frames.add(new StackTraceElement("<" + f.getLanguage().getId() + ">", fn, shown, s.getStartLine()));
        }
        return frames.toArray(StackTraceElement[]::new);
    }

    /**
     * A Python exception's own traceback, innermost first: GraalPy's polyglot frames point at
     * the start of each function rather than at the line that raised.
     */
    private static StackTraceElement[] pythonTraceback(PolyglotException e, Path file) {
        try {
            Value error = e.getGuestObject();
            if (error == null || !error.hasMember("__traceback__")) {
                return null;
            }
            String name = file.getFileName().toString();
            List<StackTraceElement> frames = new ArrayList<>();
            for (Value tb = error.getMember("__traceback__"); tb != null && !tb.isNull(); tb = tb.getMember("tb_next")) {
                Value code = tb.getMember("tb_frame").getMember("f_code");
                String source = code.getMember("co_filename").asString();
                if (source.startsWith("<orion")) {
                    continue;
                }
                String shown = Path.of(source).getFileName() != null
                        && Path.of(source).getFileName().toString().equals(name) ? file.toString() : source;
                frames.add(0, new StackTraceElement("<python>", code.getMember("co_name").asString(), shown,
                        tb.getMember("tb_lineno").asInt()));
            }
            return frames.toArray(StackTraceElement[]::new);
        } catch (RuntimeException unexpected) {
            return null;
        }
    }
}
