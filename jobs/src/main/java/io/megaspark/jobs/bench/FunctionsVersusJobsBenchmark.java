package io.megaspark.jobs.bench;

import io.megaspark.jobs.Megaspark;
import io.megaspark.jobs.ScoreOptions;
import io.megaspark.jobs.run.ModelRef;
import io.megaspark.jobs.run.ModelRefs;
import io.megaspark.jobs.run.RunOptions;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.udfs.FunctionOptions;
import io.megaspark.udfs.MegasparkFunctions;
import io.megaspark.udfs.document.Backend;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The trade-off docs/notebooks.md describes, measured: the same documents scored by the SQL function
 * {@code megaspark_score} (one document per call inside one task, one row per model call, [1, T]) and by
 * the score job ({@link Megaspark#score}: the tokenize stage counts and plans, then blocks of up to
 * {@code batchSize} documents go through the model together, [B, T]), with the same model, block size and
 * carried state, in one SparkSession.
 *
 * <p>Steps: (1) build the documents ({@link BenchDocuments}) as a cached DataFrame with one partition per
 * core; (2) run each path once untimed (model loads, TensorFlow graphs for every batch shape); (3) time the
 * job, then the function, {@code repeats} times in turn, so both see the same machine load; (4) report the
 * medians in tokens per second (the documents' text tokens, the jobs' {@code tokens} column, over wall time)
 * and the largest relative difference of a document's {@code nll} between the two paths (float32 rounding
 * of batched against one-row matrix products; FunctionsMatchJobsIT asserts the agreement).
 */
public final class FunctionsVersusJobsBenchmark {
  private static final String VIEW = "megaspark_bench_docs";

  private FunctionsVersusJobsBenchmark() {}

  /**
   * @param input directory of *.txt books
   * @param model model directory (TensorFlow backend)
   * @param documentChars characters per document; 0 = whole books
   * @param documents documents at most
   * @param blockTokens tokens per block for both paths; 0 = the largest multiple of the chunk up to 2048
   * @param batchSize the job's documents per model call
   * @param repeats timed runs of each path; the median is reported
   */
  public record Settings(Path input, Path model, int documentChars, int documents, int blockTokens, int batchSize,
      int repeats) {
    public Settings {
      if (documentChars < 0 || documents < 1 || blockTokens < 0 || batchSize < 1 || repeats < 1) {
        throw new IllegalArgumentException("bench udf: document-chars >= 0, documents >= 1, block-tokens >= 0,"
            + " batch-size >= 1, repeats >= 1; got " + documentChars + ", " + documents + ", " + blockTokens + ", "
            + batchSize + ", " + repeats);
      }
    }
  }

  /** The medians and what they were measured on. */
  public record Result(int documents, long tokens, int blockTokens, int batchSize, int repeats, int cores,
      String master, double jobSeconds, double jobPlanSeconds, double functionSeconds,
      double maxRelativeNllDifference) {
    public double jobTokensPerSecond() {
      return tokens / jobSeconds;
    }

    public double functionTokensPerSecond() {
      return tokens / functionSeconds;
    }

    /** One JSON object, the benchmark's last line. */
    public String toJson() {
      return String.format(Locale.ROOT, "{\"benchmark\": \"udf\", \"documents\": %d, \"tokens\": %d,"
          + " \"block_tokens\": %d, \"batch_size\": %d, \"repeats\": %d, \"cores\": %d, \"master\": \"%s\","
          + " \"job_s\": %.3f, \"job_plan_s\": %.3f, \"udf_s\": %.3f, \"job_tokens_per_s\": %.1f,"
          + " \"udf_tokens_per_s\": %.1f,"
          + " \"udf_over_job_time\": %.3f, \"max_relative_nll_difference\": %.2e}",
          documents, tokens, blockTokens, batchSize, repeats, cores, master, jobSeconds, jobPlanSeconds,
          functionSeconds,
          jobTokensPerSecond(), functionTokensPerSecond(), functionSeconds / jobSeconds, maxRelativeNllDifference);
    }
  }

  /** Runs the benchmark on the session, printing each run through {@code out}. */
  public static Result run(SparkSession spark, Settings s, Consumer<String> out) {
    ModelRef ref = new ModelRef.TensorFlow(s.model().toString());
    ModelRefs.check(ref);
    int chunk = MegalodonConfig.load(s.model().resolve("config.json")).chunkSize();
    RunOptions run = RunOptions.defaults().withBlockTokens(s.blockTokens()).withBatchSize(s.batchSize());
    int block = run.blockTokensFor(chunk);
    MegasparkFunctions.register(spark, new FunctionOptions(s.model().toString(), Backend.TENSORFLOW, block, true, 0));

    // 1. The documents, cached, one partition per core (the function's parallelism; the job plans its own).
    List<BenchDocuments.Doc> docs = BenchDocuments.read(s.input(), s.documentChars(), s.documents());
    List<Row> rows = new ArrayList<>();
    docs.forEach(d -> rows.add(RowFactory.create(d.id(), d.text())));
    int cores = spark.sparkContext().defaultParallelism();
    Dataset<Row> frame = spark.createDataFrame(rows, new StructType().add("id", DataTypes.StringType)
        .add("text", DataTypes.StringType)).repartition(cores).cache();
    frame.count();
    frame.createOrReplaceTempView(VIEW);
    out.accept(String.format(Locale.ROOT, "bench udf: %d documents of %s from %s; model %s; block %d tokens; job"
        + " batch %d; %s, %d cores; load average %.1f", docs.size(),
        s.documentChars() == 0 ? "whole books" : "about " + s.documentChars() + " characters", s.input(), s.model(),
        block, s.batchSize(), spark.sparkContext().master(), cores, loadAverage()));

    // 2. Warm-up.
    double[] plan = new double[1];
    long t0 = System.nanoTime();
    Map<String, double[]> job = jobScores(frame, ref, run, plan);
    long t1 = System.nanoTime();
    Map<String, double[]> function = functionScores(spark);
    long t2 = System.nanoTime();
    long tokens = job.values().stream().mapToLong(v -> (long) v[1]).sum();
    out.accept(String.format(Locale.ROOT, "bench udf: warm-up: score job %.2f s (tokenize stage %.2f s),"
        + " megaspark_score %.2f s (%d tokens)", (t1 - t0) / 1e9, plan[0], (t2 - t1) / 1e9, tokens));

    // 3. Timed runs, in turn.
    double[] jobSeconds = new double[s.repeats()];
    double[] planSeconds = new double[s.repeats()];
    double[] functionSeconds = new double[s.repeats()];
    double maxDiff = maxRelativeDifference(job, function);
    for (int i = 0; i < s.repeats(); i++) {
      long a = System.nanoTime();
      job = jobScores(frame, ref, run, plan);
      planSeconds[i] = plan[0];
      long b = System.nanoTime();
      function = functionScores(spark);
      long c = System.nanoTime();
      jobSeconds[i] = (b - a) / 1e9;
      functionSeconds[i] = (c - b) / 1e9;
      maxDiff = Math.max(maxDiff, maxRelativeDifference(job, function));
      out.accept(String.format(Locale.ROOT, "bench udf: run %d/%d: score job %.2f s (%.0f tokens/s; tokenize stage"
          + " %.2f s), megaspark_score %.2f s (%.0f tokens/s); load average %.1f", i + 1, s.repeats(), jobSeconds[i],
          tokens / jobSeconds[i], planSeconds[i], functionSeconds[i], tokens / functionSeconds[i], loadAverage()));
    }
    frame.unpersist();

    // 4. Medians.
    Result r = new Result(docs.size(), tokens, block, s.batchSize(), s.repeats(), cores, spark.sparkContext().master(),
        median(jobSeconds), median(planSeconds), median(functionSeconds), maxDiff);
    out.accept(String.format(Locale.ROOT, "bench udf: median of %d: score job %.0f tokens/s (tokenize stage %.2f s),"
        + " megaspark_score %.0f tokens/s, function/job time %.2f; largest relative nll difference %.1e",
        s.repeats(), r.jobTokensPerSecond(), r.jobPlanSeconds(), r.functionTokensPerSecond(),
        r.functionSeconds() / r.jobSeconds(), maxDiff));
    return r;
  }

  /**
   * doc id -> {nll, tokens} from the score job; {@code planSeconds[0]} gets the time of its tokenize stage
   * (counting, checking, planning), which {@link Megaspark#score} runs before it returns.
   */
  static Map<String, double[]> jobScores(Dataset<Row> frame, ModelRef ref, RunOptions run, double[] planSeconds) {
    Map<String, double[]> out = new HashMap<>();
    long t0 = System.nanoTime();
    Dataset<Row> scores = Megaspark.score(frame, ref, new ScoreOptions(run));
    planSeconds[0] = (System.nanoTime() - t0) / 1e9;
    scores.select("doc_id", "nll", "tokens").collectAsList()
        .forEach(r -> out.put(r.getString(0), new double[] {r.getDouble(1), r.getLong(2)}));
    return out;
  }

  /** doc id -> {nll, tokens} from megaspark_score. */
  static Map<String, double[]> functionScores(SparkSession spark) {
    Map<String, double[]> out = new HashMap<>();
    spark.sql("SELECT id, s.nll, s.tokens FROM (SELECT id, megaspark_score(text) AS s FROM " + VIEW + ")")
        .collectAsList().forEach(r -> out.put(r.getString(0), new double[] {r.getDouble(1), r.getLong(2)}));
    return out;
  }

  static double maxRelativeDifference(Map<String, double[]> job, Map<String, double[]> function) {
    if (!job.keySet().equals(function.keySet())) {
      throw new IllegalStateException("bench udf: the job and the function scored different documents");
    }
    double max = 0;
    for (Map.Entry<String, double[]> e : job.entrySet()) {
      double[] f = function.get(e.getKey());
      if (e.getValue()[1] != f[1]) {
        throw new IllegalStateException("bench udf: token counts differ for " + e.getKey());
      }
      double nll = e.getValue()[0];
      max = Math.max(max, Math.abs(nll - f[0]) / Math.max(Math.abs(nll), Double.MIN_NORMAL));
    }
    return max;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
