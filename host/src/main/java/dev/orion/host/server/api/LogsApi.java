package dev.orion.host.server.api;

import dev.orion.host.server.ApiJson;
import dev.orion.host.server.ApiRoutes;
import dev.orion.host.server.FilterRequest;
import dev.orion.host.server.InvalidRequestException;
import dev.orion.host.server.Requests;
import dev.orion.host.server.ServerContext;
import dev.orion.host.store.FilterCompiler;
import dev.orion.host.store.FilterQueries;
import dev.orion.host.store.LogRow;
import io.javalin.config.RoutesConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@code /api/logs/}: store a batch of run log lines, and filter them. */
public final class LogsApi implements ApiRoutes {

    /** One line as a client sends it; {@code level} is Python's number (20 = INFO). */
    public record LogCreate(String name, Integer level, String message, Instant timestamp, UUID flowRunId,
                            UUID taskRunId) {
    }

    /** One line as answered. */
    public record LogJson(UUID id, Instant created, Instant updated, String name, int level, String message,
                          Instant timestamp, UUID flowRunId, UUID taskRunId) {
    }

    private final ServerContext ctx;

    public LogsApi(ServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/logs", c -> {
            LogCreate[] lines = ApiJson.read(c.body() == null || c.body().isBlank() ? "[]" : c.body(), LogCreate[].class);
            List<LogRow> rows = new ArrayList<>();
            for (int i = 0; i < lines.length; i++) {
                LogCreate l = lines[i];
                if (l == null || l.level() == null || l.message() == null || l.timestamp() == null) {
                    throw new InvalidRequestException("log line [" + i + "] needs 'level', 'message' and 'timestamp'");
                }
                rows.add(new LogRow(l.flowRunId(), l.taskRunId(), FilterCompiler.levelName(l.level()),
                        l.name() == null ? "" : l.name(), l.message(), l.timestamp()));
            }
            ctx.logs().append(rows);
            ctx.db().writer().flush();
            Requests.json(c, 201, null);
        });
        routes.post("/api/logs/filter", c -> {
            FilterRequest f = FilterRequest.parse(c.body(), Set.of("logs"));
            Requests.ok(c, ctx.queries().logs(f.filter("logs", FilterQueries.LOG_FIELDS),
                    f.page(FilterQueries.LOG_SORTS, "TIMESTAMP_ASC")).stream().map(l -> new LogJson(l.id(),
                    l.row().timestamp(), l.row().timestamp(), l.row().logger(),
                    FilterCompiler.levelNumber(l.row().level()), l.row().message(), l.row().timestamp(),
                    l.row().flowRunId(), l.row().taskRunId())).toList());
        });
    }
}
