package io.megaspark.jobs.run;

import io.megaspark.jobs.input.BadRecords;
import io.megaspark.jobs.input.Corpus;
import io.megaspark.jobs.input.DocumentCount;
import io.megaspark.jobs.input.TokenizeStage;
import io.megaspark.jobs.state.StoredState;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * The two stages of every streaming job, without any writing: tokenize (count and check every document,
 * apply the bad-record policy, plan partitions on the driver), then run (stream every document's blocks in
 * order through the model with carried state). The CLI ({@code JobRunner}) and the Java API ({@code
 * Megaspark}) both build on it.
 */
public final class StreamingJob {
  private StreamingJob() {}

  /**
   * The outcome of the tokenize stage and the plan.
   *
   * @param outcome documents to run and records left out
   * @param plan partitions and order
   * @param info the model's chunk size, tokenizer and widths
   * @param settings the batching settings resolved for this model
   * @param totalTokens tokens the run stage will feed (BOS included), for progress
   */
  public record Prepared(BadRecords.Outcome outcome, Plan plan, ModelInfo info, RunSettings settings,
      long totalTokens) {}

  /** Progress counters of the two stages (Spark accumulators). */
  public record Counters(LongAccumulator counted, LongAccumulator tokens, LongAccumulator documents) {
    public static Counters register(SparkSession spark, String job) {
      var sc = spark.sparkContext();
      return new Counters(sc.longAccumulator(job + ".counted"), sc.longAccumulator(job + ".tokens"),
          sc.longAccumulator(job + ".documents"));
    }
  }

  /** The model's facts (read on the driver). */
  public static ModelInfo info(ModelRef model) {
    return ModelLoading.info(model);
  }

  /** Stage 1: one count per document, in input order. */
  public static List<DocumentCount> count(SparkSession spark, String job, Corpus corpus, ModelInfo info,
      long rangeBytes, Counters counters) {
    spark.sparkContext().setJobDescription(job + ": tokenize (count and check every document)");
    return TokenizeStage.count(spark, corpus, info.tokenizer(), rangeBytes, counters.counted());
  }

  /** The bad-record policy and the plan, on the driver. */
  public static Prepared plan(SparkSession spark, List<DocumentCount> counts, ModelInfo info, RunOptions options) {
    RunSettings settings = new RunSettings(options.blockTokensFor(info.chunkSize()), options.batchSize(),
        options.carryState());
    BadRecords.Outcome outcome = BadRecords.apply(counts, options.onBadRecord());
    int partitions = options.partitions() > 0 ? options.partitions() : spark.sparkContext().defaultParallelism();
    Plan plan = Planner.plan(outcome.good(), partitions);
    long total = 0;
    for (DocumentCount c : outcome.good()) {
      total += c.tokens() + 1;
    }
    return new Prepared(outcome, plan, info, settings, total);
  }

  /** Stage 1 and planning together (no state store). */
  public static Prepared prepare(SparkSession spark, String job, Corpus corpus, ModelRef model, RunOptions options,
      long rangeBytes, Counters counters) {
    ModelInfo info = info(model);
    return plan(spark, count(spark, job, corpus, info, rangeBytes, counters), info, options);
  }

  /** Stage 2, lazily: the job's rows, one per planned document, in no particular order. */
  public static Dataset<Row> results(SparkSession spark, Corpus corpus, Prepared prepared, DocumentJob job,
      ModelRef model, JavaPairRDD<String, StoredState> stored, int failFirstAttemptOf, Counters counters) {
    RunStage.Task task = new RunStage.Task(job, model, prepared.settings(), failFirstAttemptOf);
    JavaRDD<Row> rows = RunStage.run(corpus.documents(), prepared.plan(), stored, task, counters.tokens(),
        counters.documents());
    return spark.createDataFrame(rows, job.schema());
  }
}
