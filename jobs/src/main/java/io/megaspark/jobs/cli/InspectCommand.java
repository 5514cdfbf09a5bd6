package io.megaspark.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code megaspark inspect <what>}: small, Spark-free commands that print what the model would compute, for
 * checking configurations by hand. Each thing to inspect is a subcommand.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Print what the model computes for a configuration, without Spark.",
    subcommands = {
      InspectRopeCommand.class,
    })
public final class InspectCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    // Nothing named: show what can be inspected.
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
