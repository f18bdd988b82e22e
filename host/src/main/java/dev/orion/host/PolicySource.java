package dev.orion.host;

import dev.orion.api.OrionException;
import dev.orion.api.orchestration.OrchestrationRule;
import dev.orion.host.orchestration.EffectivePolicy;
import dev.orion.host.orchestration.PolicyComposer;
import dev.orion.host.orchestration.PolicyOverrides;
import dev.orion.host.orchestration.PolicySet;
import dev.orion.host.orchestration.RuleEntry;
import dev.orion.host.orchestration.rules.CorePolicies;
import dev.orion.host.plugins.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policies in force, as the orchestrator asks for them at each proposal: the core rules,
 * the rules plugins contribute, the rules of script files, and the user's
 * {@code policy.json}. A changed {@code policy.json} or rule script applies from the next
 * transition on, without a restart. Thread-safe.
 */
public final class PolicySource implements Supplier<PolicySet> {

    /** Rules that can change while Orion runs (script rules): a version that moves on each change, and the rules. */
    public interface DynamicRules {
        long version();

        List<RuleEntry> rules();
    }

    private static final Logger LOG = LoggerFactory.getLogger(PolicySource.class);
    private static final long CHECK_EVERY_NANOS = 20_000_000L;

    private final PolicySet core;
    private final List<RuleEntry> pluginRules;
    private final DynamicRules dynamic;
    private final Path policyFile;
    private volatile Snapshot snapshot;

    private record Snapshot(FileTime policyFileTime, long dynamicVersion, long checkedAt, EffectivePolicy policy,
                            PolicySet rules) {
    }

    public PolicySource(PolicySet core, List<RuleEntry> pluginRules, DynamicRules dynamic, Path policyFile) {
        this.core = Objects.requireNonNull(core, "core");
        this.pluginRules = List.copyOf(pluginRules);
        this.dynamic = dynamic;
        this.policyFile = policyFile;
    }

    /** The core policies plus the plugins' rules and {@code $ORION_HOME/policy.json}. */
    public static PolicySource of(OrionSettings settings, PluginRegistry plugins, DynamicRules dynamic) {
        List<RuleEntry> fromPlugins = plugins.extensions(OrchestrationRule.class).stream()
                .map(c -> new RuleEntry(c.extension(), c.pluginId())).toList();
        return new PolicySource(CorePolicies.policySet(), fromPlugins, dynamic, settings.home().resolve("policy.json"));
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
                LOG.warn("{}; keeping the policy in force", e.getMessage());
                snapshot = new Snapshot(fileTime, version, now, s.policy, s.rules);
                return s.policy;
            }
            EffectivePolicy policy = PolicyComposer.compose(core, extras, overrides);
            s = new Snapshot(fileTime, version, now, policy, policy.toPolicySet());
        } else {
            s = new Snapshot(fileTime, version, now, s.policy, s.rules);
        }
        snapshot = s;
        return s.policy;
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
