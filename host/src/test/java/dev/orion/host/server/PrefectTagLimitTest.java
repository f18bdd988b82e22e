package dev.orion.host.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orion.host.client.RunningServer;
import dev.orion.host.store.TestDatabase;
import dev.orion.host.testing.Heavy;
import dev.orion.host.testing.PrefectPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prefect 2.14's client under a tag concurrency limit on {@code orion server} (issue #18): a task
 * that meets the full limit is never told to wait Prefect's 30 s; it runs soon after a slot frees
 * (the speed itself is measured by {@code scripts/bench/prefect-tag-limit.sh}).
 */
@Heavy
class PrefectTagLimitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WAIT = Pattern.compile("Received wait instruction for ([0-9.]+)s");

    @TempDir
    Path dir;

    @Test
    void sixTasksUnderALimitOfTwoNeverHaveMoreThanTwoInsideAndAreNeverToldToWait30Seconds() throws Exception {
        PrefectPeer peer = PrefectPeer.require();
        try (RunningServer orion = RunningServer.start(TestDatabase.SQLITE, dir.resolve("orion"))) {
            Path flow = Files.copy(Path.of("..", "scripts", "bench", "prefect_tag_limit.py"), dir.resolve("tagged.py"));
            PrefectPeer.Run run = peer.python(flow, orion.url(), Map.of("PREFECT_LOGGING_LEVEL", "DEBUG"));

            assertThat(run.exit()).as(run.output()).isZero();
            JsonNode result = JSON.readTree(run.line("RESULT "));
            assertThat(result.get("sum").asInt()).isEqualTo(15);
            assertThat(result.get("max_inside").asInt()).isBetween(1, 2);
            Matcher waits = WAIT.matcher(run.output());
            while (waits.find()) {
                assertThat(Double.parseDouble(waits.group(1))).as(waits.group()).isLessThanOrEqualTo(0.2);
            }
        }
    }
}
