package dev.orion.host.scripting;

import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import dev.orion.api.Task;
import dev.orion.api.TaskRunnerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Applies the options a script gives {@code task(...)} or {@code flow(...)} (keys normalized to
 * lower case without underscores, so {@code retryDelaySeconds} and {@code retry_delay_seconds}
 * are one option) to the Java {@link Task} or {@link Flow}. Durations are in seconds. Stateless.
 */
final class ScriptOptions {

    private ScriptOptions() {
    }

    static Task<Object> apply(Task<Object> task, Map<String, Object> o) {
        Task<Object> t = task;
        if (o.get("description") != null) {
            t = t.withDescription(String.valueOf(o.get("description")));
        }
        if (o.get("version") != null) {
            t = t.withVersion(String.valueOf(o.get("version")));
        }
        if (o.get("retries") != null) {
            t = t.withRetries(integer(o, "retries"), delays(o));
        }
        if (o.get("retryjitterfactor") != null) {
            t = t.withRetryJitter(number(o, "retryjitterfactor"));
        }
        Duration timeout = duration(o, "timeoutseconds", "timeout");
        if (timeout != null) {
            t = t.withTimeout(timeout);
        }
        if (o.get("tags") != null) {
            t = t.withTags(strings(o.get("tags")));
        }
        if (Boolean.TRUE.equals(o.get("cachebyinputs"))) {
            t = t.withCacheByInputs(duration(o, "cacheexpirationseconds", "cacheexpiration"));
        }
        if (o.get("persistresult") instanceof Boolean b) {
            t = t.withPersistResult(b);
        }
        if (Boolean.TRUE.equals(o.get("refreshcache"))) {
            t = t.withRefreshCache(true);
        }
        return t;
    }

    static Flow<Object> apply(Flow<Object> flow, Map<String, Object> o) {
        Flow<Object> f = flow;
        if (o.get("description") != null) {
            f = f.withDescription(String.valueOf(o.get("description")));
        }
        if (o.get("version") != null) {
            f = f.withVersion(String.valueOf(o.get("version")));
        }
        if (o.get("retries") != null) {
            f = f.withRetries(integer(o, "retries"), delays(o));
        }
        if (o.get("retryjitterfactor") != null) {
            f = f.withRetryJitter(number(o, "retryjitterfactor"));
        }
        Duration timeout = duration(o, "timeoutseconds", "timeout");
        if (timeout != null) {
            f = f.withTimeout(timeout);
        }
        if (o.get("tags") != null) {
            f = f.withTags(strings(o.get("tags")));
        }
        Object runner = o.get("taskrunner");
        int max = o.get("maxconcurrency") == null ? 0 : integer(o, "maxconcurrency");
        if (runner == null) {
            f = f.withTaskRunner(TaskRunnerSpec.concurrent(max));
        } else if (runner instanceof String name && !name.isBlank()) {
            // "concurrent", "sequential" or a plugin's runner; the engine says which names exist.
            f = f.withTaskRunner(new TaskRunnerSpec(name, max));
        } else {
            throw new OrionException("flow '" + flow.name() + "': taskRunner must be a runner's name such as "
                    + "\"concurrent\" or \"sequential\", got " + runner);
        }
        if (o.get("resultstorage") instanceof String storage) {
            f = f.withResultStorage(storage);
        }
        if (o.get("persistresult") instanceof Boolean b) {
            f = f.withPersistResult(b);
        }
        if (o.get("logprints") instanceof Boolean b) {
            f = f.withLogPrints(b);
        }
        if (o.get("validateparameters") instanceof Boolean b) {
            f = f.withValidateParameters(b);
        }
        return f;
    }

    static Duration duration(Map<String, Object> o, String... keys) {
        for (String k : keys) {
            if (o.get(k) instanceof Number n) {
                return Duration.ofNanos(Math.round(n.doubleValue() * 1e9));
            }
        }
        return null;
    }

    private static List<Duration> delays(Map<String, Object> o) {
        Object v = o.containsKey("retrydelayseconds") ? o.get("retrydelayseconds") : o.get("retrydelay");
        List<Duration> out = new ArrayList<>();
        if (v instanceof Number n) {
            out.add(Duration.ofNanos(Math.round(n.doubleValue() * 1e9)));
        } else if (v instanceof Collection<?> c) {
            for (Object e : c) {
                out.add(Duration.ofNanos(Math.round(((Number) e).doubleValue() * 1e9)));
            }
        }
        return out;
    }

    private static int integer(Map<String, Object> o, String key) {
        if (o.get(key) instanceof Number n) {
            return n.intValue();
        }
        throw new OrionException("option '" + key + "' must be a number, got " + o.get(key));
    }

    private static double number(Map<String, Object> o, String key) {
        if (o.get(key) instanceof Number n) {
            return n.doubleValue();
        }
        throw new OrionException("option '" + key + "' must be a number, got " + o.get(key));
    }

    private static String[] strings(Object v) {
        if (v instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toArray(String[]::new);
        }
        return new String[] {String.valueOf(v)};
    }
}
