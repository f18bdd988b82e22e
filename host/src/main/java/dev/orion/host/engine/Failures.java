package dev.orion.host.engine;

/** Turns a user code's exception into a state message: class, message and the user's file:line. */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable t) {
        if (HeapExhausted.is(t)) {
            return HeapExhausted.describe(t);
        }
        String text = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        StackTraceElement frame = userFrame(t);
        return frame == null ? text : text + " (at " + frame.getFileName() + ":" + frame.getLineNumber() + ")";
    }

    /** The first frame of the trace outside the JDK and Orion (Orion's own tests count as user code), if any. */
    static StackTraceElement userFrame(Throwable t) {
        for (StackTraceElement e : t.getStackTrace()) {
            String c = e.getClassName();
            if (e.getFileName() != null && e.getLineNumber() > 0 && !c.startsWith("java.") && !c.startsWith("jdk.")
                    && !c.startsWith("sun.") && !(c.startsWith("dev.orion.") && !c.contains("Test"))) {
                return e;
            }
        }
        return null;
    }
}
