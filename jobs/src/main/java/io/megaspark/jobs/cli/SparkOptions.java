package io.megaspark.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Spark options every job takes; mixed into each subcommand. */
public final class SparkOptions {
  @Option(
      names = "--master",
      description = "Spark master URL (default: from conf/spark-defaults.conf, else local[*]).")
  public String master;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description = "A Spark setting; repeatable. Overrides conf/spark-defaults.conf.")
  public List<String> conf = new ArrayList<>();

  @Option(names = "--app-name", description = "Spark application name (default: megaspark-<job>).")
  public String appName;
}
