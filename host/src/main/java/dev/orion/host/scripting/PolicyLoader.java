package dev.orion.host.scripting;

import dev.orion.api.OrionException;
import dev.orion.host.plugins.PluginRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The effective policy of a process that decides transitions ({@code orion run}, {@code Orion.local()},
 * {@code orion server start}, a CLI command that proposes a state), from the same sources in every
 * mode: the core rules, the plugins' rules, {@code policy.json} and the script rules of
 * {@code ORION_RULES_DIR}, re-read when they change. Loaded strictly: a policy that does not load
 * now stops the caller before anything is decided. Stateless.
 */
public final class PolicyLoader {

    private PolicyLoader() {
    }

    /**
     * The effective policy of the plugins, the rules folder ({@code ORION_RULES_DIR}) and the policy
     * file ({@code $ORION_HOME/policy.json}), checked: what a process that decides uses.
     *
     * @param report where a later failure to reload a rule script is reported, in one line
     * @throws dev.orion.api.OrionException when {@code policy.json} or a rule script does not load, the rules
     *         folder is a file, or {@code ORION_RULES_TIME_LIMIT} is not a number
     */
    public static PolicySource load(Path rulesDir, Path policyFile, PluginRegistry plugins, Consumer<String> report) {
        // Settings that would only fail at the first rule call: checked before anything is decided.
        if (Files.exists(rulesDir) && !Files.isDirectory(rulesDir)) {
            throw new OrionException("the rules folder " + rulesDir + " is a file; point ORION_RULES_DIR at a "
                    + "folder of .js or .py rule scripts");
        }
        ScriptRules.timeLimit();
        AtomicBoolean loaded = new AtomicBoolean();
        // A failure at start is the exception's to tell, in one line; later reloads' are the report's.
        PolicySource source = compose(rulesDir, policyFile, plugins, line -> {
            if (loaded.get()) {
                report.accept(line);
            }
        });
        try {
            source.requireLoaded();
            loaded.set(true);
            return source;
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /**
     * The effective policy of the plugins, the rules folder and the policy file, unchecked: for showing it (what does not
     * load is listed by {@link PolicySource#failures()}) or for a process that does not decide.
     */
    public static PolicySource compose(Path rulesDir, Path policyFile, PluginRegistry plugins, Consumer<String> report) {
        return PolicySource.of(policyFile, plugins, new ScriptRules(rulesDir, report));
    }
}
