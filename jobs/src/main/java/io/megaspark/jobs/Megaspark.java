package io.megaspark.jobs;

import io.megaspark.jobs.embed.EmbedJob;
import io.megaspark.jobs.input.BadDocument;
import io.megaspark.jobs.input.Corpus;
import io.megaspark.jobs.run.DocumentJob;
import io.megaspark.jobs.run.ModelRef;
import io.megaspark.jobs.run.RunOptions;
import io.megaspark.jobs.run.StreamingJob;
import io.megaspark.jobs.score.ScoreJob;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java API for notebooks and other Spark programs: each job over a Dataset with an id and a text
 * column (names in {@link RunOptions#idField()} and {@link RunOptions#textField()}), returning a Dataset
 * with one row per document (columns as in docs/outputs.md).
 *
 * <p>Each call runs the tokenize stage at once (counting, checking and planning; bad records follow
 * {@link RunOptions#onBadRecord()}) and returns the results lazily: every action on the returned Dataset
 * runs the model again, so {@code cache()} it if it is used more than once. The input Dataset is read
 * twice (tokenize, run); cache it if it is expensive or not deterministic. The session needs Megaspark's
 * Kryo registrator (conf/spark-defaults.conf).
 *
 * <pre>{@code
 * Dataset<Row> scores = Megaspark.score(docs, new ModelRef.TensorFlow("models/megaspark-bytes-small"),
 *     ScoreOptions.defaults());
 * }</pre>
 */
public final class Megaspark {
  private static final Logger LOG = LoggerFactory.getLogger(Megaspark.class);

  private Megaspark() {}

  /** Per document: tokens, bytes, nll, ppl, bits_per_byte, ppl_by_position. */
  public static Dataset<Row> score(Dataset<Row> docs, ModelRef model, ScoreOptions options) {
    return run(docs, model, new ScoreJob(false), options.run());
  }

  /** Per document: the mean final hidden state and the carried-state summary. */
  public static Dataset<Row> embed(Dataset<Row> docs, ModelRef model, EmbedOptions options) {
    return run(docs, model, new EmbedJob(options.perBlock()), options.run());
  }

  /** Per document: an extractive (or abstractive) summary plus the score columns. */
  public static Dataset<Row> summarize(Dataset<Row> docs, ModelRef model, SummarizeOptions options) {
    return run(docs, model, options.job(), options.run());
  }

  /** Per document: a continuation generated from its final state. */
  public static Dataset<Row> generate(Dataset<Row> docs, ModelRef model, GenerateOptions options) {
    return run(docs, model, options.job(), options.run());
  }

  /** Any job over a Dataset of documents. */
  public static Dataset<Row> run(Dataset<Row> docs, ModelRef model, DocumentJob job, RunOptions options) {
    SparkSession spark = docs.sparkSession();
    Corpus corpus = Corpus.fromDataset(docs, options.idField(), options.textField());
    StreamingJob.Counters counters = StreamingJob.Counters.register(spark, job.name());
    StreamingJob.Prepared prepared =
        StreamingJob.prepare(spark, job.name(), corpus, model, options, Long.MAX_VALUE, counters);
    for (BadDocument b : prepared.outcome().rejected()) {
      LOG.warn("{}: skipped record ({}) in {}: {}", job.name(), b.reason().label(), b.where(), b.detail());
    }
    return StreamingJob.results(spark, corpus, prepared, job, model, null, -1, counters);
  }
}
