package dev.orion.host.plugins;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/** Builds small PF4J plugin jars from Java sources, for tests of plugin loading. */
final class TestPluginJars {

    private TestPluginJars() {
    }

    /**
     * Compiles the sources (class name → code, in package {@code testplugin}) against the test
     * class path and writes a plugin jar with the given id, its extensions listed in
     * {@code META-INF/extensions.idx}.
     */
    static Path build(Path dir, String id, String dependencies, Map<String, String> sources, List<String> extensions)
            throws IOException {
        Path src = Files.createDirectories(dir.resolve(id + "-src/testplugin"));
        Path classes = Files.createDirectories(dir.resolve(id + "-classes"));
        for (var e : sources.entrySet()) {
            Files.writeString(src.resolve(e.getKey() + ".java"), e.getValue());
        }
        var compiler = ToolProvider.getSystemJavaCompiler();
        String[] files;
        try (Stream<Path> s = Files.list(src)) {
            files = s.map(Path::toString).toArray(String[]::new);
        }
        String[] args = Stream.concat(Stream.of("-proc:none", "-d", classes.toString(), "-cp",
                System.getProperty("java.class.path")), Stream.of(files)).toArray(String[]::new);
        if (compiler.run(null, null, null, args) != 0) {
            throw new IllegalStateException("test plugin " + id + " does not compile");
        }
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Plugin-Id", id);
        a.putValue("Plugin-Version", "1.2.3");
        a.putValue("Plugin-Provider", "tests");
        if (dependencies != null) {
            a.putValue("Plugin-Dependencies", dependencies);
        }
        Path jar = dir.resolve("plugins").resolve(id + ".jar");
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); var jos = new JarOutputStream(out, manifest)) {
            jos.putNextEntry(new JarEntry("META-INF/extensions.idx"));
            jos.write(String.join("\n", extensions).concat("\n").getBytes(StandardCharsets.UTF_8));
            jos.closeEntry();
            try (Stream<Path> s = Files.walk(classes)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    jos.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                    jos.write(Files.readAllBytes(p));
                    jos.closeEntry();
                }
            }
        }
        return jar;
    }

    /** A plugin with one rule that delays every flow run into Running by the given seconds. */
    static Path delayRulePlugin(Path dir, String id, String ruleName) throws IOException {
        String code = """
                package testplugin;
                import dev.orion.api.RunKind;
                import dev.orion.api.StateType;
                import dev.orion.api.orchestration.*;
                import java.util.Set;
                public class %1$s extends AbstractOrchestrationRule {
                    public %1$s() {
                        super("%1$s", "waits a little", Set.of(RunKind.FLOW), StateType.ALL, true, Set.of(StateType.RUNNING));
                    }
                    @Override public RulePosition position() { return RulePosition.first(); }
                    @Override public void beforeTransition(TransitionContext ctx) { ctx.delay(7, "%1$s says wait"); }
                }
                """.formatted(ruleName);
        return build(dir, id, null, Map.of(ruleName, code), List.of("testplugin." + ruleName));
    }
}
