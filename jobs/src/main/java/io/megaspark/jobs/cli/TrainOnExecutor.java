package io.megaspark.jobs.cli;

import io.megaspark.jobs.spark.SparkSessions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code train --on-executor}: runs the whole training as one Spark task, so it lands on an executor
 * (and, with {@code spark.task.resource.gpu.amount=1}, on its GPU) instead of the driver.
 *
 * <p>The task runs the same {@code train} command with the same options, minus the Spark ones, with
 * paths made absolute on the driver (the executor's working directory is elsewhere); they must be on a
 * file system the executor sees (a shared mount, or hdfs:// for a token cache). Its output is printed to
 * the executor's log as it goes and handed back to the driver at the end. A task that is run again
 * because its executor was lost continues from the last checkpoint ({@code --resume}).
 */
final class TrainOnExecutor {
  /** Options that name files: made absolute before they travel. */
  private static final Set<String> PATH_OPTIONS = Set.of("--config", "--base", "--input", "--held-out", "--output");
  /** Options the driver consumes. */
  private static final Set<String> DRIVER_OPTIONS = Set.of("--on-executor", "--master", "--conf", "--app-name");

  private TrainOnExecutor() {}

  /** Runs train in one task and returns its exit code; its output goes to this command's writers. */
  static int run(CommandSpec train, SparkOptions spark, Path config, Path output) {
    String[] args = taskArgs(train.commandLine().getParseResult(), config).toArray(new String[0]);
    SparkSession session = SparkSessions.create(spark.appName != null ? spark.appName : "megaspark-train",
        spark.master, spark.conf);
    String[] result;
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(session.sparkContext());
      session.sparkContext().setJobDescription("train on one executor -> " + output);
      result = jsc.parallelize(List.of(0), 1).map(i -> runInTask(args)).collect().get(0);
    } finally {
      session.stop();
    }
    train.commandLine().getOut().print(result[1]);
    train.commandLine().getOut().flush();
    train.commandLine().getErr().print(result[2]);
    train.commandLine().getErr().flush();
    return Integer.parseInt(result[0]);
  }

  /** The train arguments for the task: every option given, minus the driver's, with absolute paths. */
  static List<String> taskArgs(ParseResult parsed, Path config) {
    List<String> out = new ArrayList<>(List.of("train", "--config", absolute(config.toString())));
    for (OptionSpec o : new java.util.LinkedHashSet<>(parsed.matchedOptions())) { // a repeated option is listed per use
      String name = o.longestName();
      if (DRIVER_OPTIONS.contains(name) || name.equals("--config")) {
        continue;
      }
      if (o.arity().max() == 0) {
        out.add(name);
        continue;
      }
      for (String v : parsed.matchedOption(name).stringValues()) {
        out.add(name);
        out.add(PATH_OPTIONS.contains(name) ? absolute(v) : v);
      }
    }
    return out;
  }

  /** A local path made absolute; a URI with a scheme (hdfs://, file:) as it is. */
  private static String absolute(String path) {
    if (path.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      return path;
    }
    return Path.of(path).toAbsolutePath().normalize().toString();
  }

  /** In the task: runs train; returns {exit code, output, errors}. */
  static String[] runInTask(String[] args) {
    List<String> a = new ArrayList<>(List.of(args));
    TaskContext task = TaskContext.get();
    if (task != null && task.attemptNumber() > 0 && !a.contains("--resume")) {
      a.add("--resume"); // the first attempt's executor was lost: continue from its last checkpoint
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(new Tee(out, System.out), true));
    cli.setErr(new PrintWriter(new Tee(err, System.err), true));
    int code = cli.execute(a.toArray(new String[0]));
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  /** Writes to a buffer and to the executor's log. */
  private static final class Tee extends Writer {
    private final StringWriter buffer;
    private final PrintStream log;

    Tee(StringWriter buffer, PrintStream log) {
      this.buffer = buffer;
      this.log = log;
    }

    @Override
    public void write(char[] c, int off, int len) {
      buffer.write(c, off, len);
      log.print(new String(c, off, len));
    }

    @Override
    public void flush() {
      log.flush();
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
