package dev.orion.host.scripting;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a Python flow's imports are looked for, after GraalPy's standard library: the flow's own
 * folder, a {@code python_packages} folder beside it (filled with {@code pip install --target
 * python_packages -r requirements.txt}), then each entry of {@code ORION_PYTHON_PATH} (folders
 * separated by {@code :}); an entry that is a virtual environment (it has {@code pyvenv.cfg})
 * stands for its {@code lib/python3.X/site-packages}. Pure-Python packages work; packages with C
 * extensions do not (GraalPy needs builds of its own). Stateless.
 */
final class PythonPackages {

    /** The folder beside a flow that holds its packages. */
    static final String FOLDER = "python_packages";

    /** The setting naming more folders or virtual environments. */
    static final String SETTING = "ORION_PYTHON_PATH";

    private PythonPackages() {
    }

    /** The folders to put first on {@code sys.path} for {@code script}, in order, each existing. */
    static List<Path> path(Path script, String setting) {
        Path folder = script.toAbsolutePath().getParent();
        List<Path> path = new ArrayList<>();
        if (folder != null) {
            path.add(folder);
            if (Files.isDirectory(folder.resolve(FOLDER))) {
                path.add(folder.resolve(FOLDER));
            }
        }
        if (setting != null) {
            for (String entry : setting.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    path.addAll(expand(Path.of(entry.strip()).toAbsolutePath()));
                }
            }
        }
        return path.stream().distinct().toList();
    }

    /** {@code ORION_PYTHON_PATH} from the system property {@code orion.python.path}, else the environment. */
    static String setting() {
        String property = System.getProperty("orion.python.path");
        return property != null ? property : System.getenv(SETTING);
    }

    private static List<Path> expand(Path entry) {
        if (!Files.isRegularFile(entry.resolve("pyvenv.cfg"))) {
            return Files.isDirectory(entry) ? List.of(entry) : List.of();
        }
        try (Stream<Path> libs = Files.list(entry.resolve("lib"))) {
            return libs.filter(p -> p.getFileName().toString().startsWith("python"))
                    .map(p -> p.resolve("site-packages")).filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
