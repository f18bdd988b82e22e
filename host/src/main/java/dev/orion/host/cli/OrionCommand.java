package dev.orion.host.cli;

import picocli.CommandLine.Command;

/** The top-level {@code orion} command. */
@Command(name = "orion",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Workflow orchestration for the JVM: code as workflows, decided by orchestration rules.",
        subcommands = {RunCommand.class, FlowRunCommand.class, VersionCommand.class, DbCommand.class, RulesCommand.class,
            PluginsCommand.class, ServerCommand.class,
            ConcurrencyLimitCommand.class, DeploymentCommand.class, WorkQueueCommand.class, WorkerCommand.class,
            VariableCommand.class, SecretCommand.class, GlobalConcurrencyLimitCommand.class})
final class OrionCommand extends ParentCommand {

    OrionCommand() {
    }
}
