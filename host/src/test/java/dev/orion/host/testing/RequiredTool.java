package dev.orion.host.testing;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A tool a test needs from the machine (a browser, a driver): missing, the test is skipped with
 * a one-line reason on a developer machine, and fails when {@code CI=true}: CI never skips (the
 * way the PostgreSQL cases behave, see {@code TestDatabase}).
 */
public final class RequiredTool {

    private RequiredTool() {
    }

    /** Whether every file is an executable. */
    public static boolean present(Path... executables) {
        return missing(executables).isEmpty();
    }

    private static List<Path> missing(Path... executables) {
        return Arrays.stream(executables).filter(p -> !Files.isExecutable(p)).toList();
    }

    /**
     * Skips (or, in CI, fails) the calling test unless every file is an executable.
     *
     * @param what    what is missing, for the reason line (e.g. "Chromium and chromedriver")
     * @param install how to install it (e.g. "apt-get install chromium chromium-driver")
     */
    public static void require(String what, String install, Path... executables) {
        List<Path> missing = missing(executables);
        if (missing.isEmpty()) {
            return;
        }
        String reason = what + " not installed (" + missing.stream().map(Path::toString).toList() + " missing; "
                + install + ")";
        if ("true".equals(System.getenv("CI"))) {
            fail(reason + ": CI must run these tests");
        }
        Assumptions.abort(reason + ": skipped on this machine");
    }
}
