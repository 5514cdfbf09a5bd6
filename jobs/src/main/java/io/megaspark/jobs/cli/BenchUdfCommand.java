package io.megaspark.jobs.cli;

import io.megaspark.jobs.JobOptions;
import io.megaspark.jobs.bench.FunctionsVersusJobsBenchmark;
import io.megaspark.jobs.spark.SparkSessions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The SQL function {@code megaspark_score} against the score job on the same documents and model. */
@Command(
    name = "udf",
    mixinStandardHelpOptions = true,
    description = "megaspark_score (one document per call) vs the score job (batched) on the same documents and"
        + " model, in one Spark session: median tokens/s of each and their ratio.")
public final class BenchUdfCommand implements Callable<Integer> {
  @Mixin SparkOptions spark = new SparkOptions();

  @Option(names = "--input", defaultValue = "samples", description = "Directory of *.txt books (default: ${DEFAULT-VALUE}).")
  Path input;

  @Option(names = "--model", defaultValue = JobOptions.BUNDLED_MODEL, description = "Model directory (default: ${DEFAULT-VALUE}).")
  Path model;

  @Option(names = "--document-chars", defaultValue = "4000", description = "Each book is cut into documents of about this many characters; 0 = whole books (default: ${DEFAULT-VALUE}).")
  int documentChars;

  @Option(names = "--documents", defaultValue = "32", description = "Documents at most, taken in turn from each book (default: ${DEFAULT-VALUE}).")
  int documents;

  @Option(names = "--block-tokens", defaultValue = "0", description = "Tokens per block for both, a multiple of the chunk; 0 = largest multiple up to 2048 (default: ${DEFAULT-VALUE}).")
  int blockTokens;

  @Option(names = "--batch-size", defaultValue = "8", description = "The job's documents per model call (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--repeats", defaultValue = "3", description = "Timed runs of each; the median is reported (default: ${DEFAULT-VALUE}).")
  int repeats;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    FunctionsVersusJobsBenchmark.Settings settings = new FunctionsVersusJobsBenchmark.Settings(
        fromHome(input), fromHome(model), documentChars, documents, blockTokens, batchSize, repeats);
    PrintWriter out = spec.commandLine().getOut();
    SparkSession session = SparkSessions.create(spark.appName != null ? spark.appName : "megaspark-bench-udf",
        spark.master, spark.conf);
    try {
      FunctionsVersusJobsBenchmark.Result r = FunctionsVersusJobsBenchmark.run(session, settings, line -> {
        out.println(line);
        out.flush();
      });
      out.println(r.toJson());
    } finally {
      session.stop();
    }
    return 0;
  }

  /** A relative path that does not exist here is taken from the Megaspark home (samples, the bundled model). */
  static Path fromHome(Path p) {
    return p.isAbsolute() || Files.exists(p) ? p : SparkSessions.home().resolve(p);
  }
}
