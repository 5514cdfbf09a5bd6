package io.megaspark.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code megaspark} command line: one subcommand per job. {@code bin/megaspark --help} lists them.
 *
 * <p>This is the only place that calls {@link System#exit}: every job returns an exit code instead.
 */
@Command(
    name = "megaspark",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Long-context MEGALODON-style models over huge corpora on Apache Spark.",
    subcommands = {
      CountCommand.class,
      LogitsCommand.class,
      ScoreCommand.class,
      EmbedCommand.class,
      SummarizeCommand.class,
      GenerateCommand.class,
      PrepareCommand.class,
      TrainCommand.class,
      LoraMergeCommand.class,
      BitsPerByteCommand.class,
      PasskeyCommand.class,
      InspectCommand.class,
      BenchCommand.class,
      BatchCommand.class,
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    // No job named: show what there is.
    spec.commandLine().usage(System.out);
  }

  /** Builds the command line with the project's exception handling; used by tests too. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(new UserErrorHandler());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
