package dev.orion.plugins.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.api.StateType;
import dev.orion.api.orchestration.StateChange;
import dev.orion.api.orchestration.StateListener;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs a JSON event to a URL each time a run enters one of the chosen state types.
 *
 * <p>Settings, from system properties or environment variables: {@code orion.webhook.url} /
 * {@code ORION_WEBHOOK_URL} (without it the notifier stays quiet) and {@code orion.webhook.states}
 * / {@code ORION_WEBHOOK_STATES}, state types separated by commas (default
 * {@code FAILED,CRASHED}). Only flow runs are reported unless {@code ORION_WEBHOOK_TASK_RUNS=true}.
 * A failed POST is logged and not retried. Thread-safe.
 */
@Extension
public class WebhookNotifier implements StateListener {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final Set<StateType> states;
    private final boolean taskRuns;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public WebhookNotifier() {
        String u = setting("orion.webhook.url", "ORION_WEBHOOK_URL");
        this.url = u == null ? null : URI.create(u.trim());
        this.states = states(setting("orion.webhook.states", "ORION_WEBHOOK_STATES"));
        this.taskRuns = Boolean.parseBoolean(setting("orion.webhook.taskRuns", "ORION_WEBHOOK_TASK_RUNS"));
        if (url == null) {
            LOG.debug("notify-webhook: ORION_WEBHOOK_URL is not set; no notifications will be sent");
        }
    }

    @Override
    public Set<StateType> stateTypes() {
        return url == null ? Set.of() : states;
    }

    @Override
    public void onStateChange(StateChange change) {
        if (url == null || (change.kind() == RunKind.TASK && !taskRuns)) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event(change).toString()))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 300) {
                LOG.warn("notify-webhook: {} answered {} to the event of run {}", url, response.statusCode(),
                        change.runId());
            }
        } catch (IOException e) {
            LOG.warn("notify-webhook: could not POST to {}: {}", url, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static ObjectNode event(StateChange c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("event", "state_change");
        n.put("run_id", c.runId().toString());
        n.put("kind", c.kind().name().toLowerCase(Locale.ROOT));
        n.put("run_name", c.runName());
        n.put("flow", c.flowName());
        if (c.taskKey() != null) {
            n.put("task", c.taskKey());
        }
        n.set("tags", JSON.valueToTree(c.tags()));
        n.set("state", state(c.to()));
        n.set("from", c.from() == null ? null : state(c.from()));
        n.put("rule", c.rule());
        n.put("reason", c.reason());
        return n;
    }

    private static ObjectNode state(State s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", s.type().name());
        n.put("name", s.name());
        n.put("message", s.message());
        n.put("timestamp", s.timestamp() == null ? null : s.timestamp().toString());
        return n;
    }

    private static Set<StateType> states(String value) {
        if (value == null || value.isBlank()) {
            return EnumSet.of(StateType.FAILED, StateType.CRASHED);
        }
        Set<StateType> out = EnumSet.noneOf(StateType.class);
        for (String part : value.split(",")) {
            try {
                out.add(StateType.valueOf(part.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ORION_WEBHOOK_STATES: '" + part.trim() + "' is not a state type; "
                        + "use some of " + EnumSet.allOf(StateType.class));
            }
        }
        return out;
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        return v != null ? v : System.getenv(env);
    }
}
