package dev.orion.host.cli;

import dev.orion.api.OrionException;
import dev.orion.host.OrionSettings;
import dev.orion.host.server.ServerLauncher;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orion server start [--host H] [--port P]}: serves the REST API under {@code /api} and
 * runs the scheduler and late-run marker until Ctrl-C, which stops everything cleanly (the
 * last writes are flushed before the database closes).
 */
@Command(name = "start", description = "Start the server (Ctrl-C stops it).")
public final class ServerStartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", description = "Address to listen on (default: ORION_SERVER_HOST or 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "Port to listen on (default: ORION_SERVER_PORT or 4200; 0 picks a free one).")
    Integer port;

    @Option(names = "--allow-no-key", description = "Listen on a non-loopback address without ORION_API_KEY "
            + "(anyone who reaches it can drive the server and its workers; warned about at every start).")
    boolean allowNoKey;

    private final Supplier<OrionSettings> settings;

    /** Settings from the environment. */
    public ServerStartCommand() {
        this(OrionSettings::fromEnvironment);
    }

    /** Settings from the CLI's context (how {@link CommandFactory} creates it). */
    ServerStartCommand(CliContext context) {
        this(context::settings);
    }

    private ServerStartCommand(Supplier<OrionSettings> settings) {
        this.settings = settings;
    }

    @Override
    public Integer call() throws InterruptedException {
        OrionSettings settings = this.settings.get();
        if (allowNoKey) {
            settings = settings.withSecurity(settings.security().allowingNoKey());
        }
        int p = port != null ? port : settings.serverPort();
        if (p < 0 || p > 65535) {
            throw new OrionException("--port must be 0-65535, got " + p);
        }
        String h = host != null ? host : settings.serverHost();
        ServerLauncher launcher = ServerLauncher.start(settings, h, p);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            launcher.close();
            stopped.countDown();
        }, "orion-server-stop"));
        var out = spec.commandLine().getOut();
        out.println("Orion server: http://" + h + ":" + launcher.port() + "/api  (database " + launcher.displayDatabase()
                + (settings.apiKey().isPresent() ? ", API key required" : "")
                + launcher.metricsPort().map(m -> ", metrics on port " + m).orElse("") + "). Ctrl-C stops it.");
        out.flush();
        stopped.await();
        return 0;
    }
}
