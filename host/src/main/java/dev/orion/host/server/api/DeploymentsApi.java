package dev.orion.host.server.api;

import dev.orion.host.store.FilterField;
import java.util.Map;

/** {@code /api/deployments/}. */
public final class DeploymentsApi {

    /** The fields a deployment filter takes. */
    public static final Map<String, FilterField> FIELDS = Map.of(
            "id", FilterField.of("id", FilterField.Kind.ID),
            "name", FilterField.of("name", FilterField.Kind.TEXT),
            "tags", FilterField.of("tags", FilterField.Kind.TAGS),
            "work_queue_name", FilterField.of("work_queue_name", FilterField.Kind.TEXT));
}
