package dev.orion.host.cli;

import dev.orion.api.Flow;
import dev.orion.api.OrionException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.slf4j.Logger;

/**
 * Compiles one Java source file in memory against plugin-api (and the host's class path) and
 * loads its classes, for {@code orion run FILE.java}. Compiled with {@code -g -parameters} so
 * flow parameter names are known. Not thread-safe; one per file.
 */
final class RunSourceCompiler {

    /** A compile error, with the compiler's messages as {@code file:line: error: message} lines. */
    static final class CompileException extends OrionException {
        private final List<String> diagnostics;

        CompileException(List<String> diagnostics) {
            super(String.join(System.lineSeparator(), diagnostics));
            this.diagnostics = List.copyOf(diagnostics);
        }

        List<String> diagnostics() {
            return diagnostics;
        }
    }

    private RunSourceCompiler() {
    }

    /** Compiles {@code source} and returns a class loader holding its classes, in compile order. */
    static Compiled compile(Path source) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new OrionException("no Java compiler in this runtime; run Orion on a JDK 25, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> classes = new LinkedHashMap<>();
        try (StandardJavaFileManager std = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            var manager = new ForwardingJavaFileManager<>(std) {
                @Override
                public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                        FileObject sibling) {
                    return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/')
                            + kind.extension), kind) {
                        @Override
                        public OutputStream openOutputStream() {
                            ByteArrayOutputStream out = new ByteArrayOutputStream();
                            classes.put(className, out);
                            return out;
                        }
                    };
                }
            };
            List<String> options = List.of("-g", "-parameters", "-proc:none", "-Xlint:none", "-classpath", classPath());
            boolean ok = compiler.getTask(null, manager, diagnostics, options, null,
                    std.getJavaFileObjects(source.toFile())).call();
            if (!ok) {
                List<String> lines = new ArrayList<>();
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() == Diagnostic.Kind.ERROR) {
                        String file = d.getSource() == null ? source.toString() : source.toString();
                        lines.add(file + ":" + d.getLineNumber() + ": error: " + d.getMessage(Locale.ROOT));
                    }
                }
                throw new CompileException(lines);
            }
        } catch (IOException e) {
            throw new OrionException("cannot read " + source + ": " + e.getMessage(), e);
        }
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        classes.forEach((name, out) -> bytes.put(name, out.toByteArray()));
        return new Compiled(new MemoryClassLoader(bytes, Flow.class.getClassLoader()), List.copyOf(bytes.keySet()));
    }

    /** The compiled classes and the loader that defines them. */
    record Compiled(ClassLoader loader, List<String> classNames) {
    }

    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : List.of(Flow.class, Logger.class)) {
            try {
                var src = c.getProtectionDomain().getCodeSource();
                if (src != null) {
                    entries.add(Path.of(src.getLocation().toURI()).toString());
                }
            } catch (URISyntaxException | SecurityException e) {
                // the class path below still has it
            }
        }
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Defines the compiled classes and serves their bytes as resources (for parameter names). */
    private static final class MemoryClassLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        MemoryClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
            super("orion-run", parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name);
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            if (name.endsWith(".class")) {
                byte[] b = classes.get(name.substring(0, name.length() - 6).replace('/', '.'));
                if (b != null) {
                    return new ByteArrayInputStream(b);
                }
            }
            return super.getResourceAsStream(name);
        }
    }
}
