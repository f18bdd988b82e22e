package dev.orion.host.scripting;

import dev.orion.api.OrionException;
import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.host.client.PolicyView;
import dev.orion.host.orchestration.EffectivePolicy;
import dev.orion.host.orchestration.PolicyComposer;
import dev.orion.host.orchestration.PolicyOverrides;
import dev.orion.host.orchestration.PolicySet;
import dev.orion.host.orchestration.RuleEntry;
import dev.orion.host.orchestration.rules.CorePolicies;
import dev.orion.host.plugins.PluginInfo;
import dev.orion.host.plugins.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policies in force, as the orchestrator asks for them at each proposal: the core rules,
 * the rules plugins contribute, the rules of script files, and the user's
 * {@code policy.json}. A changed {@code policy.json} or rule script applies from the next
 * transition on, without a restart; a change that does not load is reported ({@link #failures()},
 * a log line) and the last good version keeps deciding. A process checks the policy with
 * {@link #requireLoaded()} before it decides anything, so a policy that does not load at start
 * stops it (fail closed). Thread-safe; close it to release the script rules.
 */
public final class PolicySource implements Supplier<PolicySet>, AutoCloseable {

    /** Rules that can change while Orion runs (script rules): a version that moves on each change, and the rules. */
    public interface DynamicRules {
        long version();

        List<RuleEntry> rules();

        /** The sources that did not load, each with why (one line). */
        default Map<String, String> failed() {
            return Map.of();
        }
    }

    /** A source of rules that did not load, and why, in one line. */
    public record LoadFailure(String source, String reason) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PolicySource.class);
    private static final long CHECK_EVERY_NANOS = 20_000_000L;

    private final PolicySet core;
    private final List<RuleEntry> pluginRules;
    private final DynamicRules dynamic;
    private final Path policyFile;
    private volatile Snapshot snapshot;
    private volatile String policyFileError;

    private record Snapshot(FileTime policyFileTime, long dynamicVersion, long checkedAt, EffectivePolicy policy,
                            PolicySet rules) {
    }

    public PolicySource(PolicySet core, List<RuleEntry> pluginRules, DynamicRules dynamic, Path policyFile) {
        this.core = Objects.requireNonNull(core, "core");
        this.pluginRules = List.copyOf(pluginRules);
        this.dynamic = dynamic;
        this.policyFile = policyFile;
    }

    /** The core policies plus the plugins' rules and the policy file ({@code $ORION_HOME/policy.json}). */
    public static PolicySource of(Path policyFile, PluginRegistry plugins, DynamicRules dynamic) {
        List<RuleEntry> fromPlugins = plugins.extensions(OrchestrationRule.class).stream()
                .map(c -> new RuleEntry(c.extension(), c.pluginId())).toList();
        return new PolicySource(CorePolicies.policySet(), fromPlugins, dynamic, policyFile);
    }

    /** The effective policies with each rule's source, and what could not be applied. */
    public EffectivePolicy effective() {
        Snapshot s = snapshot;
        long now = System.nanoTime();
        if (s != null && now - s.checkedAt < CHECK_EVERY_NANOS) {
            return s.policy;
        }
        FileTime fileTime = modified(policyFile);
        long version = dynamic == null ? 0 : dynamic.version();
        if (s == null || !Objects.equals(fileTime, s.policyFileTime) || version != s.dynamicVersion) {
            List<RuleEntry> extras = new ArrayList<>(pluginRules);
            if (dynamic != null) {
                extras.addAll(dynamic.rules());
            }
            PolicyOverrides overrides;
            try {
                overrides = policyFile == null ? PolicyOverrides.NONE : PolicyOverrides.load(policyFile);
            } catch (OrionException e) {
                if (s == null) {
                    throw e;
                }
                // A half-saved or broken edit: keep deciding with the policy that was in force.
                if (!Objects.equals(policyFileError, e.getMessage())) {
                    LOG.warn("{}; keeping the policy in force", e.getMessage());
                }
                policyFileError = e.getMessage();
                snapshot = new Snapshot(fileTime, version, now, s.policy, s.rules);
                return s.policy;
            }
            policyFileError = null;
            EffectivePolicy policy = PolicyComposer.compose(core, extras, overrides);
            s = new Snapshot(fileTime, version, now, policy, policy.toPolicySet());
        } else {
            s = new Snapshot(fileTime, version, now, s.policy, s.rules);
        }
        snapshot = s;
        return s.policy;
    }

    /**
     * What did not load: a {@code policy.json} edit that is not in force (the previous one is) and
     * the rule scripts that failed.
     */
    public List<LoadFailure> failures() {
        effective();
        List<LoadFailure> out = new ArrayList<>();
        String fileError = policyFileError;
        if (fileError != null) {
            out.add(new LoadFailure(String.valueOf(policyFile), firstLine(fileError) + " (the previous version keeps deciding)"));
        }
        if (dynamic != null) {
            dynamic.failed().forEach((source, why) -> out.add(new LoadFailure(source, why)));
        }
        return out;
    }

    /**
     * The effective policy as a client shows it: its rules with their sources, and what did not
     * load, the plugins that failed included.
     */
    public PolicyView view(PluginRegistry plugins) {
        EffectivePolicy policy = effective();
        List<PolicyView.Failure> failed = new ArrayList<>();
        failures().forEach(f -> failed.add(new PolicyView.Failure(f.source(), f.reason())));
        plugins.plugins().stream().filter(PluginInfo::failed)
                .forEach(p -> failed.add(new PolicyView.Failure(p.path(), p.error())));
        return PolicyView.of(policy, failed);
    }

    /**
     * Loads the policy now and fails if any part of it does not load, so that a process never
     * decides under a weaker policy than the one written.
     *
     * @throws OrionException naming the file that does not load and why, in one line
     */
    public PolicySource requireLoaded() {
        try {
            effective();
        } catch (OrionException e) {
            throw new OrionException("the policy does not load: " + firstLine(e.getMessage()), e);
        }
        List<LoadFailure> failed = failures();
        if (!failed.isEmpty()) {
            LoadFailure f = failed.getFirst();
            throw new OrionException("the policy does not load: rule script " + f.source() + ": " + f.reason()
                    + "; fix it or move it out of the rules folder (ORION_RULES_DIR)");
        }
        return this;
    }

    /**
     * The policies as they would be with {@code candidate} in place of {@code policy.json}: the
     * same core, plugin and script rules, composed the same way (for replaying a candidate).
     */
    public EffectivePolicy withOverrides(PolicyOverrides candidate) {
        List<RuleEntry> extras = new ArrayList<>(pluginRules);
        if (dynamic != null) {
            extras.addAll(dynamic.rules());
        }
        return PolicyComposer.compose(core, extras, candidate);
    }

    @Override
    public PolicySet get() {
        effective();
        return snapshot.rules;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.strip().lines().findFirst().orElse("");
    }

    @Override
    public void close() {
        if (dynamic instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("could not release the script rules: {}", e.toString());
            }
        }
    }

    private static FileTime modified(Path file) {
        if (file == null) {
            return null;
        }
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }
}
