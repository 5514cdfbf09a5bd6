package io.megaspark.jobs.run;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;

import io.megaspark.jobs.JobErrors;
import io.megaspark.jobs.input.Corpus;
import io.megaspark.jobs.input.DocumentCount;
import io.megaspark.jobs.io.InputPaths;
import io.megaspark.jobs.io.JobOutput;
import io.megaspark.jobs.progress.ProgressReporter;
import io.megaspark.jobs.state.StateColumns;
import io.megaspark.jobs.state.StateStore;
import io.megaspark.jobs.state.StoredState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Runs a file-to-file job: tokenize, plan, run, write, with progress lines and a final summary line.
 * Nothing is written before every document is known good (or skipped by policy), and outputs appear only
 * complete ({@link JobOutput}).
 */
public final class JobRunner {
  /** Time between progress lines. */
  public static final long PROGRESS_MILLIS = 5000;

  private JobRunner() {}

  public static JobSummary run(SparkSession spark, JobSpec spec, Consumer<String> console) {
    long start = System.nanoTime();
    String name = spec.job().name();
    requireAbsent(spark, spec.output(), spec.overwrite());
    if (spec.stateOut() != null) {
      requireAbsent(spark, spec.stateOut(), spec.overwrite());
    }
    StreamingJob.Counters counters = StreamingJob.Counters.register(spark, name);
    ModelInfo info = StreamingJob.info(spec.model());
    Corpus corpus = Corpus.read(spark, spec.input());
    List<DocumentCount> counts;
    try (ProgressReporter p = new ProgressReporter(spark.sparkContext(), name + ": tokenize", counters.counted(),
        corpus.files() == null ? -1 : corpus.files().size(), null, 0, PROGRESS_MILLIS, console)) {
      counts = StreamingJob.count(spark, name, corpus, info, spec.input().rangeBytes(), counters);
    }
    JavaPairRDD<String, StoredState> stored = null;
    if (spec.stateIn() != null) {
      counts = StateStore.markShrunk(spark, spec.stateIn(), counts);
      stored = StateStore.read(spark, spec.stateIn());
    }
    LongDocumentRouter router = spec.stateIn() == null ? spec.job().longDocuments() : null;
    Map<String, DocumentCount> routed = routed(router, counts);
    StreamingJob.Prepared prepared = StreamingJob.plan(spark, routed.isEmpty() ? counts
        : counts.stream().filter(c -> !routed.containsKey(c.docId())).toList(), info, spec.run());
    Dataset<Row> results = StreamingJob.results(spark, corpus, prepared, spec.job(), spec.model(), stored,
        spec.failFirstAttemptOf(), counters);
    if (!routed.isEmpty()) {
      console.accept(String.format(Locale.ROOT, "%s: %d document(s) too long for one task run in ranges", name,
          routed.size()));
      results = results.union(router.results(spark, corpus, routed, spec.model(), console));
    }
    results = results.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      try (ProgressReporter p = new ProgressReporter(spark.sparkContext(), name + ": run", counters.documents(),
          prepared.plan().documents(), counters.tokens(), prepared.totalTokens(), PROGRESS_MILLIS, console)) {
        spark.sparkContext().setJobDescription(String.format(Locale.ROOT, "%s: run (%,d documents, %,d tokens)",
            name, prepared.plan().documents(), prepared.totalTokens()));
        results.count();
      }
      Dataset<Row> output = spec.stateOut() != null ? results.drop(StateColumns.COLUMN) : results;
      spark.sparkContext().setJobDescription(name + ": write " + spec.output());
      JobOutput.write(output, spec.output(), spec.format(), spec.overwrite(), prepared.outcome().rejected(),
          spark.sparkContext().hadoopConfiguration());
      if (spec.stateOut() != null) {
        spark.sparkContext().setJobDescription(name + ": write state " + spec.stateOut());
        StateStore.write(results, spec.stateOut(), spec.overwrite());
      }
      Row totals = results.agg(count("*"), sum("tokens")).first();
      JobSummary summary = new JobSummary(name, totals.getLong(0), totals.isNullAt(1) ? 0 : totals.getLong(1),
          prepared.outcome().counts(), (System.nanoTime() - start) / 1e9, spec.output(),
          spec.format().name().toLowerCase(Locale.ROOT));
      console.accept(summary.line());
      return summary;
    } finally {
      results.unpersist();
      spark.sparkContext().setJobDescription(null);
    }
  }

  /** The good documents the router takes, by id (none without a router). */
  private static Map<String, DocumentCount> routed(LongDocumentRouter router, List<DocumentCount> counts) {
    if (router == null) {
      return Map.of();
    }
    List<DocumentCount> good = counts.stream().filter(c -> c.bad() == null).toList();
    Set<String> ids = router.take(good);
    Map<String, DocumentCount> out = new LinkedHashMap<>();
    good.stream().filter(c -> ids.contains(c.docId())).forEach(c -> out.put(c.docId(), c));
    return out;
  }

  private static void requireAbsent(SparkSession spark, String path, boolean overwrite) {
    if (!overwrite && InputPaths.exists(spark, path)) {
      throw JobErrors.outputExists(path);
    }
  }
}
