package dev.orion.host.cli;

import static dev.orion.host.cli.CliResult.orion;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void helpListsTheCommandsOnStdoutAndSucceeds() {
        CliResult result = orion("--help");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Usage: orion").contains("version");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void anUnknownCommandIsOneLinePointingAtTheHelpAndExitsWithTwo() {
        CliResult result = orion("frobnicate");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        // picocli may add "did you mean ...?" between the two, from whatever commands are near the word.
        assertThat(result.err().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("orion: unknown command 'frobnicate'; ").endsWithIgnoringCase("see 'orion --help'"));
        assertThat(result.out()).isEmpty();
    }

    @Test
    void anUnknownOptionIsOneLinePointingAtItsCommandsHelpAndExitsWithTwo() {
        CliResult result = orion("version", "--frobnicate");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("orion: unknown option '--frobnicate'; see 'orion version --help'" + System.lineSeparator());
        assertThat(result.out()).isEmpty();
    }

    @Test
    void noCommandAtAllPrintsTheUsageAndExitsWithTwo() {
        CliResult result = orion();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Usage: orion");
    }
}
