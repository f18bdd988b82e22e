package dev.orion.host.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code orion} command: on its own it prints the usage. */
@Command(name = "orion",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Workflow orchestration for the JVM: code as workflows, decided by orchestration rules.",
        subcommands = {VersionCommand.class})
final class OrionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    OrionCommand() {
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ErrorHandler.USER_ERROR;
    }
}
