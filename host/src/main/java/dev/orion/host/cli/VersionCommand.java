package dev.orion.host.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code orion version}: Orion's version and the Java it runs on. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print Orion's version and the Java it runs on.")
final class VersionCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    private final CliContext context;

    VersionCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Versions versions = Versions.current();
        if (json) {
            context.printJson(versions);
        } else {
            context.out().println("orion " + versions.orion());
            context.out().println("java " + versions.java() + " (" + versions.javaVendor() + ")");
        }
        return 0;
    }

    /** What {@code orion version} reports. */
    record Versions(@JsonProperty("version") String orion,
                    @JsonProperty("java_version") String java,
                    @JsonProperty("java_vendor") String javaVendor) {

        static Versions current() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new Versions(version == null || version.isBlank() ? "dev" : version,
                    System.getProperty("java.version"), System.getProperty("java.vendor", "unknown vendor"));
        }
    }

    /** Answers {@code orion --version}. */
    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Versions versions = Versions.current();
            return new String[] {"orion " + versions.orion(), "java " + versions.java()};
        }
    }
}
