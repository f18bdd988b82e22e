package dev.orion.host.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orion.host.OrionSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerLauncherTest {

    @TempDir
    Path dir;

    @Test
    void servesTheApiOverTheSettingsDatabaseUntilClosed() {
        OrionSettings settings = OrionSettings.fromMap(Map.of("ORION_HOME", dir.toString()));
        int port;
        try (ServerLauncher launcher = ServerLauncher.start(settings, "127.0.0.1", 0)) {
            port = launcher.port();
            ApiClient client = new ApiClient("http://127.0.0.1:" + port + "/api", null);
            assertThat(client.get("/health").body().asBoolean()).isTrue();
            assertThat(client.get("/admin/version").body().asText()).isEqualTo("2.14.21");
            assertThat(client.post("/flows/", "{\"name\": \"etl\"}").status()).isEqualTo(201);
        }
        assertThat(dir.resolve("orion.db")).exists();
        ApiClient after = new ApiClient("http://127.0.0.1:" + port + "/api", null);
        assertThatThrownBy(() -> after.get("/health")).isInstanceOf(IllegalStateException.class);
    }
}
