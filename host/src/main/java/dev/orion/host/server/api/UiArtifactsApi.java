package dev.orion.host.server.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.orion.host.artifacts.ArtifactRules;
import dev.orion.host.server.ApiRoutes;
import dev.orion.host.server.MarkdownHtml;
import dev.orion.host.server.Requests;
import dev.orion.host.server.ServerContext;
import dev.orion.host.store.ArtifactRecord;
import dev.orion.host.store.ArtifactStore;
import dev.orion.host.store.Filter;
import dev.orion.host.store.FilterQueries;
import io.javalin.config.RoutesConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the web UI shows of artifacts, with markdown already rendered to safe HTML
 * ({@link MarkdownHtml}): a flow run's artifacts ({@code /api/ui/flow_runs/{id}/artifacts}),
 * the latest of each key ({@code /api/ui/artifacts}) and a key's versions
 * ({@code /api/ui/artifacts/{key}}). Reads only.
 */
public final class UiArtifactsApi implements ApiRoutes {

    /** An artifact for the UI: Prefect's fields, and {@code html} for a markdown one. */
    public record ArtifactView(UUID id, Instant created, Instant updated, String key, String type, String description,
                               Object data, @JsonProperty("metadata_") Map<String, String> metadata, UUID flowRunId,
                               UUID taskRunId, String html) {
        static ArtifactView of(ArtifactRecord a) {
            String html = ArtifactRules.MARKDOWN.equals(a.type()) && a.data() instanceof String text
                    ? MarkdownHtml.render(text) : null;
            return new ArtifactView(a.id(), a.created(), a.updated(), a.key(), a.type(), a.description(), a.data(),
                    a.metadata(), a.flowRunId(), a.taskRunId(), html);
        }
    }

    private static final int MOST = 200;

    private final ArtifactStore store;

    public UiArtifactsApi(ServerContext ctx) {
        this.store = new ArtifactStore(ctx.db());
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/ui/flow_runs/{id}/artifacts", c -> {
            Filter ofRun = new Filter("flow_run_id = ?", List.of(Requests.id(c, "id").toString()));
            Requests.ok(c, views(store.list(ofRun, new FilterQueries.Page("created ASC, id ASC", MOST, 0))));
        });
        routes.get("/api/ui/artifacts", c -> Requests.ok(c, views(store.listLatest(Filter.ALL,
                new FilterQueries.Page(ArtifactStore.LATEST_SORTS.get("KEY_ASC"), MOST, 0)).stream()
                .map(l -> l.latest()).toList())));
        routes.get("/api/ui/artifacts/{key}", c -> Requests.ok(c, views(store.versions(c.pathParam("key"), MOST))));
    }

    private static List<ArtifactView> views(List<ArtifactRecord> artifacts) {
        return artifacts.stream().map(ArtifactView::of).toList();
    }
}
