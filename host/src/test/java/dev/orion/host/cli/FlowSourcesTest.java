package dev.orion.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a worker loads for a deployment's entrypoint. */
class FlowSourcesTest {

    @TempDir
    Path root;

    @Test
    void aDeploymentsPrefectStyleEntrypointNamesTheFlowByItsFunction() throws Exception {
        Files.createDirectories(root.resolve("etl"));
        Files.writeString(root.resolve("etl/flows.py"), """
                from prefect import flow

                @flow(name="Nightly ETL")
                def nightly_etl(n: int = 1) -> int:
                    return n

                @flow
                def other() -> int:
                    return 0
                """);

        try (FlowSources sources = new FlowSources(root)) {
            assertThat(sources.resolve("etl/flows.py:nightly_etl", null).flow().name()).isEqualTo("Nightly ETL");
            assertThat(sources.resolve("etl/flows.py:other", null).flow().name()).isEqualTo("other");
        }
    }
}
