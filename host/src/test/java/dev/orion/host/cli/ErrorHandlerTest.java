package dev.orion.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orion.api.OrionException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorHandlerTest {

    private final StringWriter err = new StringWriter();

    @Test
    void anOrionExceptionPrintsItsMessageAloneAndExitsWithTwo() {
        int code = handler(Map.of()).handleExecutionException(
                new OrionException("no concurrency limit for tag 'db'"), null, null);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly("orion: no concurrency limit for tag 'db'");
    }

    @Test
    void anOrionExceptionWrappedInAnotherIsStillShownAsAMistakeOfTheUsers() {
        int code = handler(Map.of()).handleExecutionException(
                new IllegalStateException("wrapper", new OrionException("the database URL is bad")), null, null);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly("orion: the database URL is bad");
    }

    @Test
    void anUnexpectedExceptionPrintsOneLineAndTheDebugHintAndExitsWithOne() {
        int code = handler(Map.of()).handleExecutionException(new IllegalStateException("boom"), null, null);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly(
                "orion: unexpected IllegalStateException: boom",
                "orion: set ORION_DEBUG=1 to see the stack trace");
    }

    @Test
    void orionDebugAddsTheStackTrace() {
        handler(Map.of("ORION_DEBUG", "1")).handleExecutionException(new IllegalStateException("boom"), null, null);

        assertThat(err.toString())
                .startsWith("orion: unexpected IllegalStateException: boom")
                .contains("at dev.orion.host.cli.ErrorHandlerTest")
                .doesNotContain("ORION_DEBUG=1");
    }

    private ErrorHandler handler(Map<String, String> env) {
        return new ErrorHandler(new CliContext(env, new PrintWriter(new StringWriter()), new PrintWriter(err, true)));
    }
}
