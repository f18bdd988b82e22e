package dev.orion.host.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import dev.orion.host.util.RetryWindow;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ApiTransportTest {

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ApiTransport.class);

    @BeforeEach
    void listen() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logs);
    }

    private List<String> messages() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void saysOnceAtTheFirstFailureThatTheServerIsUnreachableAndHowLongItKeepsTrying() {
        ApiTransport api = new ApiTransport("http://127.0.0.1:" + RunningServer.freePort() + "/api", Optional.empty(),
                Duration.ofSeconds(2));
        CompletableFuture<?> other = CompletableFuture.runAsync(() -> assertThatThrownBy(() -> api.get("/health"))
                .isInstanceOf(ApiCallException.class));
        assertThatThrownBy(() -> api.get("/health")).isInstanceOf(ApiCallException.class)
                .hasMessageContaining("gave up after 2 s of retries (ORION_API_RETRY_WINDOW)");
        other.join();
        assertThat(messages()).singleElement().asString().contains("is unreachable")
                .contains("retrying for up to 2 s (ORION_API_RETRY_WINDOW)");
        assertThat(api.requestsSent()).isGreaterThan(2);
    }

    @Test
    void retriesA503UntilTheServerAnswersThenSaysItCarriesOn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/flows/", ex -> {
            boolean down = calls.incrementAndGet() <= 3;
            byte[] body = (down ? "{\"detail\": \"the database is unreachable\"}" : "{\"id\": \"x\"}")
                    .getBytes(StandardCharsets.UTF_8);
            if (down) {
                ex.getResponseHeaders().add("Retry-After", "0");
            }
            ex.sendResponseHeaders(down ? 503 : 201, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            ApiTransport api = new ApiTransport("http://127.0.0.1:" + server.getAddress().getPort() + "/api",
                    Optional.empty(), Duration.ofMinutes(1));
            assertThat(api.post("/flows/", Map.of("name", "f")).get("id").asText()).isEqualTo("x");
            assertThat(calls).hasValue(4);
            assertThat(messages()).hasSize(2);
            assertThat(messages().get(0)).contains("answered 503: the database is unreachable")
                    .contains("retrying for up to 60 s");
            assertThat(messages().get(1)).contains("answers again");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theRetryWindowComesFromOrionApiRetryWindowAndDefaultsToFiveMinutes() {
        assertThat(RetryWindow.from(Map.of())).isEqualTo(Duration.ofMinutes(5));
        assertThat(RetryWindow.from(Map.of("ORION_API_RETRY_WINDOW", "90"))).isEqualTo(Duration.ofSeconds(90));
        assertThat(RetryWindow.from(Map.of("ORION_API_RETRY_WINDOW", "PT10M"))).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> RetryWindow.from(Map.of("ORION_API_RETRY_WINDOW", "soon")))
                .hasMessageContaining("ORION_API_RETRY_WINDOW must be a number of seconds");
    }

    @Test
    void backOffGrowsToItsCapWithJitterAndHonoursRetryAfter() {
        RetryBackoff b = new RetryBackoff();
        long first = b.next(0);
        assertThat(first).isBetween(RetryBackoff.FIRST_MILLIS / 2, RetryBackoff.FIRST_MILLIS);
        for (int i = 0; i < 10; i++) {
            assertThat(b.next(0)).isLessThanOrEqualTo(RetryBackoff.CAP_MILLIS);
        }
        assertThat(new RetryBackoff().next(2000)).isEqualTo(2000);
    }
}
