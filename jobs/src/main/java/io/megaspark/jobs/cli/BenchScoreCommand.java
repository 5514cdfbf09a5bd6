package io.megaspark.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.megaspark.jobs.JobOptions;
import io.megaspark.jobs.bench.BenchCorpus;
import io.megaspark.jobs.bench.ScalingReport;
import io.megaspark.jobs.run.JobRunner;
import io.megaspark.jobs.run.JobSummary;
import io.megaspark.jobs.spark.SparkSessions;
import io.megaspark.megalodon.bench.ModelBenchmark;
import io.megaspark.megalodon.bench.ProcessCpu;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Issue 5's benchmark: the score job end to end (tokenize, run, write Parquet) on corpora of 1, 2, 4 and 8
 * million tokens, next to the model's own block-by-block throughput at the same batch and block size,
 * measured in the same JVM just before each size (a shared machine's load drifts over a long run). The jobs run exactly as {@code bin/megaspark score} builds them
 * ({@link JobCommand#jobSpec}), in one Spark application, after a one-document warm-up that loads the
 * model and builds its graph; the session start and the warm-up are reported apart.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = "Score job end to end on 1-8M token corpora vs the model alone; Spark overhead and linearity.")
public final class BenchScoreCommand implements Callable<Integer> {
  @Mixin SparkOptions spark = new SparkOptions();

  @Option(names = "--sizes", split = ",", defaultValue = "1000000,2000000,4000000,8000000", description = "Corpus sizes in tokens, ascending (default: ${DEFAULT-VALUE}).")
  long[] sizes;

  @Option(names = "--doc-bytes", defaultValue = "65536", description = "Bytes (= tokens) per document (default: ${DEFAULT-VALUE}).")
  int docBytes;

  @Option(names = "--model", description = "Model directory (default: the bundled model).")
  Path model;

  @Option(names = "--batch-size", defaultValue = "8", description = "Rows per model call, for the job and the model alone (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--block-tokens", defaultValue = "1024", description = "Tokens per block, for both (default: ${DEFAULT-VALUE}).")
  int blockTokens;

  @Option(names = "--repeats", defaultValue = "1", description = "Job runs per size; the median is reported (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--model-repeats", defaultValue = "5", description = "Timed blocks of the model alone; the median is reported (default: ${DEFAULT-VALUE}).")
  int modelRepeats;

  @Option(names = "--text", description = "Directory of ASCII .txt files the documents are cut from (default: samples).")
  Path text;

  @Option(names = "--work", description = "Scratch directory for corpora and outputs (default: target/bench-score).")
  Path work;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path home = SparkSessions.home();
    Path modelDir = model != null ? model : home.resolve("models/megaspark-bytes-small");
    Path scratch = work != null ? work : home.resolve("target/bench-score");
    long[] ascending = sizes.clone();
    Arrays.sort(ascending);

    BenchCorpus source = BenchCorpus.fromDirectory(text != null ? text : home.resolve("samples"));
    Path warmupInput = source.write(scratch.resolve("corpus-warmup"), 1, docBytes);
    List<Path> inputs = new ArrayList<>();
    for (long size : ascending) {
      inputs.add(source.write(scratch.resolve("corpus-" + size), documents(size), docBytes));
    }

    long t0 = System.nanoTime();
    SparkSession session = SparkSessions.create("megaspark-bench-score", spark.master,
        spark.conf);
    double sessionSeconds = (System.nanoTime() - t0) / 1e9;
    List<ScalingReport.Run> runs = new ArrayList<>();
    try {
      out.printf(Locale.ROOT, "== Spark session up in %.1f s (%s)%n", sessionSeconds, session.sparkContext().master());
      JobSummary warm = score(session, modelDir, warmupInput, scratch.resolve("out-warmup"), out);
      out.printf(Locale.ROOT, "== warm-up (model load, graph build): %.1f s%n", warm.seconds());
      for (int i = 0; i < ascending.length; i++) {
        out.printf(Locale.ROOT, "== the model alone (random weights, same config, batch and block), before %,d"
            + " tokens%n", ascending[i]);
        out.flush();
        JsonNode model = new ObjectMapper().readTree(
            ModelBenchmark.run(modelDir.resolve("config.json"), batch, blockTokens, modelRepeats));
        double[] seconds = new double[repeats];
        double[] cpu = new double[repeats];
        long tokens = 0;
        for (int r = 0; r < repeats; r++) {
          out.printf(Locale.ROOT, "== %,d tokens (%d documents), run %d of %d%n", ascending[i],
              documents(ascending[i]), r + 1, repeats);
          long cpu0 = ProcessCpu.nanos();
          JobSummary s = score(session, modelDir, inputs.get(i), scratch.resolve("out-" + ascending[i]), out);
          cpu[r] = (ProcessCpu.nanos() - cpu0) / 1e9;
          seconds[r] = s.seconds();
          tokens = s.tokens();
        }
        Arrays.sort(seconds);
        Arrays.sort(cpu);
        runs.add(new ScalingReport.Run(tokens, documents(ascending[i]), seconds[repeats / 2], cpu[repeats / 2],
            model.get("tokens_per_s").asDouble(), model.get("tokens_per_cpu_s").asDouble()));
      }
    } finally {
      session.stop();
    }
    ScalingReport report = new ScalingReport(runs, sessionSeconds);
    out.print(report.table());
    out.printf(Locale.ROOT, "job %.0f tokens/s vs model alone %.0f tokens/s: overhead %.1f%% (in CPU time:"
        + " %.0f vs %.0f tokens/CPU-s, %.1f%%); time %,d / %,d tokens = %.2f (linear: %.2f, linearity %.3f)%n",
        report.largest().tokensPerS(), report.largest().modelTokensPerS(), 100 * report.overhead(),
        report.largest().tokensPerCpuS(), report.largest().modelTokensPerCpuS(), 100 * report.cpuOverhead(), report.largest().tokens(), runs.get(0).tokens(), report.timeRatio(),
        (double) report.largest().tokens() / runs.get(0).tokens(), report.linearity());
    out.println(report.json());
    out.flush();
    return 0;
  }

  private int documents(long tokens) {
    return (int) Math.max(1, (tokens + docBytes - 1) / docBytes);
  }

  private JobSummary score(SparkSession session, Path modelDir, Path input, Path output, PrintWriter out) {
    Map<String, String> given = new LinkedHashMap<>();
    given.put(JobOptions.INPUT, input.toString());
    given.put(JobOptions.OUTPUT, output.toString());
    given.put(JobOptions.OVERWRITE, "true");
    given.put(JobOptions.MODEL, modelDir.toString());
    given.put(JobOptions.BATCH_SIZE, Integer.toString(batch));
    given.put(JobOptions.BLOCK_TOKENS, Integer.toString(blockTokens));
    return JobRunner.run(session, new ScoreCommand().jobSpec(given), line -> {
      out.println(line);
      out.flush();
    });
  }
}
