package dev.orion.host.server;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * The web UI: static HTML, CSS and JavaScript modules from the classpath folder {@code /ui}
 * served under {@code /}, and the browser libraries it uses (Chart.js) from their WebJars under
 * {@code /webjars/}. The UI is a single page routed by the URL's fragment ({@code /#/runs/ID}),
 * so the server needs no fallback route; it reads everything through {@code /api}, which alone
 * asks for the API key.
 */
public final class WebUi {

    /** The classpath folder holding the UI's files. */
    public static final String RESOURCES = "/ui";

    private WebUi() {
    }

    /** Adds the UI's static files and the WebJars to a server's configuration. */
    public static void configure(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = RESOURCES;
            files.location = Location.CLASSPATH;
            // Modules are small and change with the jar; revalidate rather than serve stale code.
            files.headers = Map.of("Cache-Control", "no-cache");
        });
        config.staticFiles.enableWebjars();
    }
}
