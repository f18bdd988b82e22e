package dev.orion.host.cli;

import dev.orion.api.OrionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code orion plugin new NAME}: a plugin project to start from, a Maven build of one example
 * extension (an orchestration rule) that packages into a jar {@code orion plugins ls} starts.
 * The files come from templates beside this class; the versions of Orion and PF4J it builds
 * against are the ones this Orion was built with.
 */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = "Create a plugin project NAME/ (Maven; one example orchestration rule) that `mvn package` "
                + "builds into target/NAME.jar for $ORION_PLUGINS_DIR.")
final class PluginNewCommand implements Callable<Integer> {

    /** A plugin id: lower-case words joined by hyphens, as the plugins in Orion's repository are named. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern GROUP = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    private static final String TEMPLATES = "plugin-template/";

    @Parameters(paramLabel = "NAME", description = "The plugin's id and folder, e.g. rule-office-hours.")
    String name;

    @Option(names = "--dir", paramLabel = "DIR", description = "Create NAME/ in DIR (default: the current folder).")
    Path dir;

    @Option(names = "--group", paramLabel = "GROUP",
            description = "Maven groupId, also the Java package's prefix (default: com.example).")
    String group = "com.example";

    private final CliContext context;

    PluginNewCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (!NAME.matcher(name).matches()) {
            throw new OrionException("'" + name + "' is not a plugin name: use lower-case letters, digits and hyphens, "
                    + "starting with a letter (e.g. rule-office-hours)");
        }
        if (!GROUP.matcher(group).matches()) {
            throw new OrionException("'" + group + "' is not a Maven groupId usable as a Java package: use lower-case "
                    + "dot-separated words (e.g. com.example)");
        }
        Path parent = (dir == null ? Path.of("") : dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(parent)) {
            throw new OrionException("--dir " + parent + " is not a folder; create it first or pass another");
        }
        Path project = parent.resolve(name);
        if (Files.exists(project)) {
            throw new OrionException(project + " already exists; pick another NAME or --dir, or remove it");
        }
        Map<String, String> values = values();
        String packagePath = values.get("package").replace('.', '/');
        write(project.resolve("pom.xml"), "pom.xml", values);
        write(project.resolve("README.md"), "README.md", values);
        write(project.resolve(".gitignore"), "gitignore", values);
        write(project.resolve("src/main/java").resolve(packagePath).resolve(values.get("className") + ".java"),
                "Rule.java", values);
        context.out().println("Created " + project + ": an Orion plugin with the orchestration rule "
                + values.get("package") + "." + values.get("className") + ".");
        context.out().println("Build it with `cd " + name + " && mvn package`, then copy target/" + name
                + ".jar into " + context.settings().pluginsDir() + " and run `orion plugins ls`.");
        return 0;
    }

    private Map<String, String> values() {
        Properties versions = new Properties();
        try (InputStream in = resource("versions.properties")) {
            versions.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // rule-office-hours: OfficeHoursRule in package GROUP.ruleofficehours
        StringBuilder className = new StringBuilder();
        for (String word : name.replaceFirst("^rule-", "").split("-")) {
            className.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        className.append("Rule");
        String pkg = group + "." + name.replace("-", "");
        return Map.of("name", name, "group", group, "package", pkg, "packagePath", pkg.replace('.', '/'),
                "className", className.toString(), "envVar", name.toUpperCase(Locale.ROOT).replace('-', '_') + "_BLOCKED_FLOWS",
                "orionVersion", versions.getProperty("orion"), "pf4jVersion", versions.getProperty("pf4j"));
    }

    private static void write(Path file, String template, Map<String, String> values) {
        try (InputStream in = resource(template + ".template")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> v : values.entrySet()) {
                text = text.replace("{{" + v.getKey() + "}}", v.getValue());
            }
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new OrionException("cannot write " + file + ": " + e.getMessage() + "; check the folder's permissions");
        }
    }

    private static InputStream resource(String name) {
        InputStream in = PluginNewCommand.class.getResourceAsStream(TEMPLATES + name);
        if (in == null) {
            throw new IllegalStateException("missing template " + TEMPLATES + name + " in Orion's jar");
        }
        return in;
    }
}
