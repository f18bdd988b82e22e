package dev.orion.host.scripting;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.proxy.ProxyHashMap;

/**
 * Offers Prefect 2's flow-authoring API to Python scripts: an import hook that serves
 * {@code prefect} and its submodules from the sources under {@code prefect/} beside this class,
 * built on the {@code orion} module (one engine, two APIs). The sources are read once; a module
 * is evaluated only when a script imports it, so scripts that never import {@code prefect} pay
 * nothing. Thread-safe.
 */
final class PrefectModules {

    /** The modules served, by their dotted name; a package's source is its {@code __init__}. */
    private static final List<String> MODULES = List.of("prefect", "prefect._engine", "prefect._tasks",
            "prefect._flows", "prefect.states",
            "prefect.artifacts", "prefect.variables", "prefect.blocks", "prefect.blocks.system",
            "prefect.concurrency", "prefect.concurrency.sync", "prefect.concurrency.asyncio",
            "prefect.tasks", "prefect.context", "prefect.runtime", "prefect.runtime.flow_run",
            "prefect.runtime.task_run", "prefect.runtime.deployment", "prefect.task_runners", "prefect.logging",
            "prefect.futures", "prefect.engine", "prefect.exceptions", "prefect.utilities",
            "prefect.utilities.annotations", "prefect.filesystems", "prefect.serializers", "prefect.flows");

    private static final Map<String, Object> SOURCES = read();

    private static final String INSTALL = """
            import sys
            class __OrionPrefectFinder:
                def __init__(self, sources):
                    self.sources = {k: sources[k] for k in sources}
                def find_spec(self, name, path=None, target=None):
                    if name != 'prefect' and not name.startswith('prefect.'):
                        return None
                    import importlib.util
                    if name not in self.sources:
                        raise ImportError("Orion's prefect module does not offer %s yet; Orion offers Prefect 2's "
                                          "flow-authoring API (see README, Coming from Prefect)" % name, name=name)
                    package = any(k.startswith(name + '.') for k in self.sources)
                    return importlib.util.spec_from_loader(name, self, is_package=package)
                def create_module(self, spec):
                    return None
                def exec_module(self, module):
                    name = module.__name__
                    if any(k.startswith(name + '.') for k in self.sources):
                        module.__path__ = []
                    exec(compile(self.sources[name], '<orion-prefect>/' + name.replace('.', '/') + '.py', 'exec'),
                         module.__dict__)
            def __orion_install_prefect(sources):
                sys.meta_path.insert(0, __OrionPrefectFinder(sources))
            __orion_install_prefect
            """;

    private PrefectModules() {
    }

    /** Puts the import hook in the context's {@code sys.meta_path}. */
    static void install(Context context) {
        context.eval(Source.newBuilder("python", INSTALL, "<orion-prefect-setup>").buildLiteral())
                .execute(ProxyHashMap.from(new LinkedHashMap<>(SOURCES)));
    }

    private static Map<String, Object> read() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : MODULES) {
            String file = "prefect/" + name.replace("prefect", "").replaceFirst("^\\.", "").replace('.', '/');
            file = file.endsWith("/") ? file + "__init__.py" : file + ".py";
            try (InputStream in = PrefectModules.class.getResourceAsStream(file)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + file);
                }
                out.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
