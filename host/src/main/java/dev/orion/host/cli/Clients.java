package dev.orion.host.cli;

import dev.orion.host.Orion;
import dev.orion.host.OrionSettings;
import dev.orion.host.client.OrionClient;
import dev.orion.host.client.PolicyView;
import dev.orion.host.client.RemoteClient;
import dev.orion.host.engine.EngineListener;
import dev.orion.host.plugins.PluginRegistry;
import dev.orion.host.scripting.PolicyLoader;
import dev.orion.host.scripting.PolicySource;
import dev.orion.host.scripting.ScriptRules;
import dev.orion.host.secrets.SecretCipher;
import dev.orion.host.secrets.Secrets;
import dev.orion.host.services.EmbeddedClient;
import dev.orion.host.store.Database;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

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
        return open(context.settings(), encryptionKey(context.env()));
    }

    /** As {@link #open(CliContext)}, for the given settings. */
    static OrionClient open(OrionSettings settings) {
        return open(settings, encryptionKey(System.getenv()));
    }

    private static OrionClient open(OrionSettings settings, Optional<String> encryptionKey) {
        if (settings.apiUrl().isPresent()) {
            return RemoteClient.connect(settings.apiUrl().get(), settings.apiKey());
        }
        Embedded embedded = new Embedded(settings, encryptionKey);
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
        return settings.apiUrl().isPresent() ? open(settings) : new Embedded(settings, Optional.empty()).client;
    }

    /**
     * The client of the command's mode for what no rule decides (variables, secrets, global
     * concurrency limits): embedded, nothing is loaded but the database.
     */
    static OrionClient forStoredData(CliContext context) {
        OrionSettings settings = context.settings();
        return settings.apiUrl().isPresent() ? open(context)
                : new Embedded(settings, encryptionKey(context.env())).client;
    }

    /**
     * An embedded client that replays this machine's store with the script rules of {@code rules}
     * in place of {@code ORION_RULES_DIR}'s (local by nature: a server replays with its own rules).
     * It proposes nothing.
     */
    static OrionClient forReplayWithRules(CliContext context, Path rules) {
        OrionSettings settings = context.settings();
        PluginRegistry plugins = PluginRegistry.load(settings.pluginsDir());
        PolicySource source = PolicySource.of(settings.policyFile(), plugins, new ScriptRules(rules, context.err()::println));
        Database db;
        try {
            db = CliContext.openDatabase(settings);
        } catch (RuntimeException e) {
            try (plugins; source) {
                throw e;
            }
        }
        return new EmbeddedClient(db, () -> {
            throw new IllegalStateException("a replay with other rules proposes nothing");
        }, () -> source.view(plugins), source::withOverrides,
                () -> Secrets.of(db, SecretCipher.load(settings.home(), encryptionKey(context.env()))), () -> {
                    try (plugins; source; db) {
                        // closed in reverse order: the database, the rules, the plugins
                    }
                });
    }

    private static Optional<String> encryptionKey(Map<String, String> env) {
        return Optional.ofNullable(env.get("ORION_ENCRYPTION_KEY")).filter(key -> !key.isBlank());
    }

    /** The embedded parts, built when first needed, all on one database. Not thread-safe. */
    private static final class Embedded {
        private final OrionSettings settings;
        private final Database db;
        private final EmbeddedClient client;
        private Orion orion;
        private PluginRegistry listedPlugins;
        private PolicySource listed;

        Embedded(OrionSettings settings, Optional<String> encryptionKey) {
            this.settings = settings;
            this.db = CliContext.openDatabase(settings);
            this.client = new EmbeddedClient(db, () -> orion().orchestrator(), this::policy,
                    candidate -> orion().policies().withOverrides(candidate),
                    () -> Secrets.of(db, SecretCipher.load(settings.home(), encryptionKey)), this::close);
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
                listed = PolicyLoader.compose(settings.rulesDir(), settings.policyFile(), listedPlugins, line -> { });
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
