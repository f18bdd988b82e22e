package dev.orion.host.cli;

import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.PolicySource;
import dev.orion.host.client.OrionClient;
import dev.orion.host.client.PolicyView;
import dev.orion.host.client.RemoteClient;
import dev.orion.host.engine.EngineListener;
import dev.orion.host.plugins.PluginRegistry;
import dev.orion.host.scripting.PolicyLoader;
import dev.orion.host.services.EmbeddedClient;
import dev.orion.host.store.Database;

/**
 * The client a CLI command reads and changes things through: the server at {@code ORION_API_URL}
 * when it is set, else this machine's store, with the embedded orchestrator deciding every
 * proposal under the whole effective policy (as {@code orion run}'s does). Neither opens a port.
 */
final class Clients {

    private Clients() {
    }

    /**
     * The client of the command's mode. Embedded, the policy is loaded and checked now and runs
     * left Running by a killed process are marked Crashed first, as {@code orion run} does.
     */
    static OrionClient open(CliContext context) {
        return open(context.settings());
    }

    /** As {@link #open(CliContext)}, for the given settings. */
    static OrionClient open(OrionSettings settings) {
        if (settings.apiUrl().isPresent()) {
            return RemoteClient.connect(settings.apiUrl().get(), settings.apiKey());
        }
        Embedded embedded = new Embedded(settings);
        try {
            embedded.orion();
        } catch (RuntimeException e) {
            embedded.close();
            throw e;
        }
        return embedded.client;
    }

    /**
     * The client of the command's mode for showing the policy: embedded, composed leniently, so
     * that a rule source that does not load is listed rather than stopping the listing.
     */
    static OrionClient forPolicy(OrionSettings settings) {
        return settings.apiUrl().isPresent() ? open(settings) : new Embedded(settings).client;
    }

    /** The embedded parts, built when first needed, all on one database. Not thread-safe. */
    private static final class Embedded {
        private final OrionSettings settings;
        private final Database db;
        private final EmbeddedClient client;
        private Orion orion;
        private PluginRegistry listedPlugins;
        private PolicySource listed;

        Embedded(OrionSettings settings) {
            this.settings = settings;
            this.db = CliContext.openDatabase(settings);
            this.client = new EmbeddedClient(db, () -> orion().orchestrator(), this::policy,
                    candidate -> orion().policies().withOverrides(candidate), this::close);
        }

        Orion orion() {
            if (orion == null) {
                orion = new Orion(settings, EngineListener.NONE) {
                    @Override
                    protected Database createDatabase() {
                        return db;
                    }
                };
            }
            return orion;
        }

        PolicyView policy() {
            if (orion != null) {
                return orion.policies().view(orion.plugins());
            }
            if (listed == null) {
                listedPlugins = PluginRegistry.load(settings.pluginsDir());
                listed = PolicyLoader.compose(settings, listedPlugins, line -> { });
            }
            return listed.view(listedPlugins);
        }

        void close() {
            try {
                if (listed != null) {
                    listed.close();
                    listedPlugins.close();
                }
            } finally {
                if (orion != null) {
                    orion.close(); // and the database
                } else {
                    db.close();
                }
            }
        }
    }
}
