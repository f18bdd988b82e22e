package dev.orion.host.metrics;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The process's one Prometheus registry. Orion's parts record on Micrometer's global registry
 * (the orchestrator's transitions, the store's commits, the HTTP server's requests), which costs
 * next to nothing until this registry is first asked for: then it joins the global registry
 * and the JVM's own meters (memory, GC, threads, classes, CPU, uptime) are bound to it. One per
 * process, however many servers a test starts, so no registry outlives its use. Thread-safe.
 */
public final class OrionMetrics {

    private static final class Holder {
        static final PrometheusMeterRegistry REGISTRY = create();
    }

    private OrionMetrics() {
    }

    /** The registry, created and bound on first use. */
    public static PrometheusMeterRegistry registry() {
        return Holder.REGISTRY;
    }

    /** The Prometheus text exposition of every meter now. */
    public static String scrape() {
        return registry().scrape();
    }

    @SuppressWarnings("resource")
    private static PrometheusMeterRegistry create() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Metrics.globalRegistry.add(registry);
        return registry;
    }
}
