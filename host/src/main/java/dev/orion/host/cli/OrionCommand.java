package dev.orion.host.cli;

import picocli.CommandLine.Command;

/** The top-level {@code orion} command. */
@Command(name = "orion",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Workflow orchestration for the JVM: code as workflows, decided by orchestration rules.",
        footer = {"", "With ORION_API_URL set, every command that reads or changes runs, deployments, work queues, "
            + "concurrency limits, variables, secrets, global concurrency limits or the policy talks to that server; without it, to this machine's store (no port is "
            + "opened). Local by nature: db, plugins, rules test, test, plugin new, server start."},
        subcommands = {RunCommand.class, TestCommand.class, FlowRunCommand.class, VersionCommand.class, DbCommand.class, RulesCommand.class,
            PluginsCommand.class, ServerCommand.class,
            ConcurrencyLimitCommand.class, DeploymentCommand.class, WorkQueueCommand.class, WorkerCommand.class,
            VariableCommand.class, SecretCommand.class, GlobalConcurrencyLimitCommand.class,
            ArtifactCommand.class})
final class OrionCommand extends ParentCommand {

    OrionCommand() {
    }
}
