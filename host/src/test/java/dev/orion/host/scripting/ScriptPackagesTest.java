package dev.orion.host.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Script flows using packages: npm packages installed with plain {@code npm install} beside a
 * JavaScript flow, pure-Python packages (Debian's {@code python3-six} and {@code python3-toml})
 * beside a Python flow and in a virtual environment named by {@code ORION_PYTHON_PATH}; and the
 * errors for a package that is not there. Run through the CLI as a user runs them.
 */
class ScriptPackagesTest {

    /** npm installs here once per build (target/), so reruns need no network. */
    static final Path NPM = Path.of("target", "npm-flow").toAbsolutePath();
    static final Path DIST_PACKAGES = Path.of("/usr/lib/python3/dist-packages");

    @TempDir
    Path home;

    @AfterEach
    void clearSetting() {
        System.clearProperty("orion.python.path");
    }

    @Test
    void aJavaScriptFlowImportsTwoNpmPackagesInstalledBesideIt() throws Exception {
        installNpmPackages();
        Files.writeString(NPM.resolve("dates.js"), """
                import _ from "lodash";
                import { chunk } from "lodash";
                import dayjs from "dayjs";
                const { sum } = require("lodash");
                const pairs = task("pairs", (n) => chunk(_.range(n), 2).length);
                const next = task("next", (day) => dayjs(day).add(1, "day").format("YYYY-MM-DD"));
                export default flow("dates", (n = 5) => pairs(n) + " " + next("2024-02-28") + " " + sum([1, 2]));
                """);
        ScriptCli.Result run = run(NPM.resolve("dates.js"), "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.json().get("result").asText()).isEqualTo("3 2024-02-29 3");
    }

    @Test
    void aMissingNpmPackageNamesTheFlowsLineAndThePackage() throws Exception {
        installNpmPackages();
        Files.writeString(NPM.resolve("missing.js"), """
                import _ from "lodash";
                import pad from "no-such-package-here";
                export default flow("missing", () => pad("x", 3));
                """);
        ScriptCli.Result run = run(NPM.resolve("missing.js"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(NPM.resolve("missing.js") + ":2: cannot find npm package 'no-such-package-here'")
                .contains("npm install no-such-package-here");
    }

    @Test
    void aRequireOfANodeBuiltInInATaskFailsTheTaskSayingOrionDoesNotProvideIt() throws Exception {
        Path flow = home.resolve("fs.js");
        Files.writeString(flow, """
                const read = task("read", () => {
                  const fs = require("fs");
                  return fs.readFileSync("/etc/hostname");
                });
                export default flow("reads", () => read());
                """);
        ScriptCli.Result run = run(flow, "--json");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("Node.js's built-in module 'fs', which Orion does not provide")
                .contains(flow + ":2");
    }

    @Test
    void aPythonFlowImportsPurePythonPackagesFromBesideItAndFromAVirtualEnvironmentInTheSetting() throws Exception {
        debianPackage("six.py", "python3-six");
        debianPackage("toml", "python3-toml");
        Path flows = home.resolve("flows");
        copy(DIST_PACKAGES.resolve("six.py"), flows.resolve("python_packages/six.py"));
        Path venv = home.resolve("venv");
        Files.createDirectories(venv);
        Files.writeString(venv.resolve("pyvenv.cfg"), "home = /usr/bin\n");
        copy(DIST_PACKAGES.resolve("toml"), venv.resolve("lib/python3.11/site-packages/toml"));
        System.setProperty("orion.python.path", venv.toString());
        Files.writeString(flows.resolve("config.py"), """
                import six
                import toml
                from orion import flow, task

                @task
                def setting(text: str) -> int:
                    return toml.loads(text)["n"]

                @flow
                def config(text: str = "n = 4") -> str:
                    return "%s %d" % (six.PY3, setting(text))
                """);
        ScriptCli.Result ok = run(flows.resolve("config.py"), "--json");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.json().get("result").asText()).isEqualTo("True 4");

        Files.writeString(flows.resolve("missing.py"), """
                from orion import flow
                import no_such_module_here

                @flow
                def missing() -> int:
                    return 1
                """);
        ScriptCli.Result missing = run(flows.resolve("missing.py"));
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains(flows.resolve("missing.py") + ":2: cannot find Python package "
                + "'no_such_module_here'").contains("ORION_PYTHON_PATH");
    }

    private ScriptCli.Result run(Path flow, String... more) {
        String[] args = new String[more.length + 1];
        args[0] = flow.toString();
        System.arraycopy(more, 0, args, 1, more.length);
        return ScriptCli.run(home, "jdbc:sqlite:" + home.resolve("orion.db"), args);
    }

    /** Runs {@code npm install lodash dayjs} into target/npm-flow once; skips (fails in CI) without npm. */
    private static synchronized void installNpmPackages() throws Exception {
        if (Files.isDirectory(NPM.resolve("node_modules/lodash")) && Files.isDirectory(NPM.resolve("node_modules/dayjs"))) {
            return;
        }
        Files.createDirectories(NPM);
        Files.writeString(NPM.resolve("package.json"), "{\"name\": \"npm-flow\", \"version\": \"1.0.0\", \"private\": true}\n");
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "lodash@4", "dayjs@1")
                    .directory(NPM.toFile()).redirectErrorStream(true).redirectOutput(NPM.resolve("npm.log").toFile()).start();
        } catch (IOException e) {
            skipOrFail("npm is not installed: the npm package cases are skipped on this machine");
            return;
        }
        assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm install finished").isTrue();
        assertThat(npm.exitValue()).as(Files.readString(NPM.resolve("npm.log"))).isZero();
    }

    private static void debianPackage(String file, String aptPackage) {
        if (!Files.exists(DIST_PACKAGES.resolve(file))) {
            skipOrFail(DIST_PACKAGES.resolve(file) + " is missing (apt-get install " + aptPackage
                    + "): the Python package case is skipped on this machine");
        }
    }

    private static void skipOrFail(String reason) {
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(reason);
        }
        Assumptions.abort(reason);
    }

    private static void copy(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target);
                }
            }
        }
    }
}
