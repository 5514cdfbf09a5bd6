package io.megaspark.jobs.cli;

import io.megaspark.jobs.JobOptions;
import io.megaspark.jobs.count.CountJob;
import io.megaspark.jobs.count.CountJob.Summary;
import io.megaspark.jobs.spark.SparkSessions;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "count",
    mixinStandardHelpOptions = true,
    description = "Count documents, bytes, lines and byte-level tokens of a corpus of text files.")
public final class CountCommand implements Callable<Integer> {
  @Option(names = "--input", defaultValue = JobOptions.SAMPLE_INPUT, description = "Directory or glob of text files (default: ${DEFAULT-VALUE}).")
  String input;

  @Option(names = "--output", required = true, description = "Output directory (Parquet, one row per document).")
  String output;

  @Option(names = "--overwrite", description = "Replace an existing output once the new one is complete.")
  boolean overwrite;

  @Mixin SparkOptions spark = new SparkOptions();

  @Override
  public Integer call() {
    String app = spark.appName != null ? spark.appName : "megaspark-count";
    SparkSession session = SparkSessions.create(app, spark.master, spark.conf);
    try {
      Summary s = CountJob.run(session, input, output, overwrite);
      System.out.printf(
          "count: %d documents, %d bytes, %d lines, %d byte-level tokens -> %s%n",
          s.documents(), s.bytes(), s.lines(), s.tokens(), output);
    } finally {
      session.stop();
    }
    return 0;
  }
}
