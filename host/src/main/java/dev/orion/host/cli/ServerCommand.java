package dev.orion.host.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code orion server}: groups the server's commands. */
@Command(name = "server", description = "Run Orion's server: REST API and services in one process.",
        subcommands = ServerStartCommand.class)
public final class ServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        cl.getErr().println("orion: 'server' needs a command");
        cl.usage(cl.getErr());
        return 2;
    }
}
