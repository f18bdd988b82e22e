package dev.orion.host.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code orion db}, {@code orion rules}): run on
 * its own, it prints its usage to stderr and exits 2, as for any incomplete command line.
 */
abstract class ParentCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        if (spec.parent() != null) {
            commandLine.getErr().println("orion: '" + spec.qualifiedName() + "' needs a command");
        }
        commandLine.usage(commandLine.getErr());
        return ErrorHandler.USER_ERROR;
    }
}
