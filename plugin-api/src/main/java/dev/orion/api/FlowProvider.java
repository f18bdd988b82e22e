package dev.orion.api;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * Java flows shipped in a plugin, each run by its name: {@code orion run --flow NAME}, and
 * later by deployments that name it. The host asks once, when the plugin loads; flow names
 * must be unique across all plugins (a duplicate is reported and the first one wins).
 *
 * <pre>{@code
 * @Extension
 * public class MyFlows implements FlowProvider {
 *     public List<Flow<?>> flows() { return List.of(Etl.FLOW, Report.FLOW); }
 * }
 * }</pre>
 */
public interface FlowProvider extends ExtensionPoint {

    /** The flows this plugin ships; each is found by its {@link Flow#name()}. */
    List<Flow<?>> flows();
}
