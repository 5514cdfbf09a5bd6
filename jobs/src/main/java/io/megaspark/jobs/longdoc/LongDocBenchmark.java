package io.megaspark.jobs.longdoc;

import io.megaspark.jobs.run.ModelRef;
import io.megaspark.jobs.spark.SparkSessions;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * One synthetic document on {@code local-cluster[E,1,M]} for each executor count E, scored as a single
 * task, as an ordered relay and as the layer-wise scan, on the TensorFlow model (issue 10, deliverable 5;
 * docs/benchmarks.md). Each executor JVM runs TensorFlow with {@code tfThreads} intra-op threads, so E
 * executors use E cores' worth of threads. The scan runs record their measured stage costs
 * ({@link ScanStats}), from which {@link ScanProjection} projects larger clusters.
 */
public final class LongDocBenchmark {
  /**
   * @param config the model config (random weights, seeded)
   * @param tokens the document's length
   * @param executors executor counts to run, each in a fresh cluster
   * @param executorMiB memory per executor
   * @param options --long-doc-mode is set per run; --max-tokens-per-task from here
   * @param pieceChunks chunks per model call (relay block, scan piece)
   * @param modes modes to time, in order (single first gives the reference score)
   * @param repeats runs of every (executors, mode); medians are reported
   * @param level persistence of the scan's activations
   * @param tfThreads TensorFlow intra-op threads per executor
   */
  public record Options(Path config, long tokens, int[] executors, int executorMiB, long maxTokensPerTask,
      int pieceChunks, List<LongDocMode> modes, int repeats, StorageLevel level, int tfThreads) {}

  /**
   * One timed run.
   *
   * @param scan the scan's measured costs, null for single and relay
   */
  public record Run(int executors, LongDocMode mode, int repeat, int ranges, double seconds, double nll,
      ScanStats scan) {}

  private LongDocBenchmark() {}

  /** Runs every (executors, mode, repeat) and returns the runs; progress lines go to {@code out}. */
  public static List<Run> run(Options o, Consumer<String> out) {
    Path dir = modelDirectory(o.config());
    List<Run> runs = new ArrayList<>();
    for (int e : o.executors()) {
      SparkSession spark = session(e, o.executorMiB(), o.tfThreads());
      try {
        Dataset<Row> doc = document(spark, o.tokens()).persist(StorageLevel.MEMORY_AND_DISK());
        for (int rep = 0; rep < o.repeats(); rep++) {
          for (LongDocMode m : o.modes()) {
            Run r = once(spark, doc, dir, o, e, m, rep);
            runs.add(r);
            out.accept(String.format(Locale.ROOT, "run executors=%d mode=%s repeat=%d ranges=%d wall=%.1f s"
                + " nll=%.6f", e, m.optionValue(), rep, r.ranges(), r.seconds(), r.nll()));
            if (r.scan() != null) {
              r.scan().stages().forEach(s -> out.accept("  " + s));
            }
          }
        }
        doc.unpersist();
      } finally {
        spark.stop();
      }
    }
    return runs;
  }

  private static Run once(SparkSession spark, Dataset<Row> doc, Path model, Options o, int executors,
      LongDocMode mode, int repeat) {
    ScanStats[] stats = new ScanStats[1];
    LongDocScorer.Settings s = LongDocScorer.Settings.of(new ModelRef.TensorFlow(model.toString()),
        new LongDocOptions(mode, o.maxTokensPerTask())).withPieceChunks(o.pieceChunks())
        .withLevel(o.level()).withStats(x -> stats[0] = x);
    long t0 = System.nanoTime();
    Row r = LongDocScorer.score(spark, doc, s).collectAsList().get(0);
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Run(executors, mode, repeat, r.getAs(LongDocColumns.RANGES), seconds,
        r.<Double>getAs(LongDocColumns.NLL), stats[0]);
  }

  /** The config with seeded random weights, written to a temporary model directory. */
  static Path modelDirectory(Path config) {
    try {
      MegalodonConfig cfg = MegalodonConfig.load(config);
      Path dir = Files.createTempDirectory("megaspark-longdoc-bench");
      Files.writeString(dir.resolve("config.json"), cfg.toJson(), StandardCharsets.UTF_8);
      MegalodonWeights.initialize(cfg, 7).save(dir.resolve(MegalodonWeights.FILE_NAME));
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the benchmark model: " + e.getMessage(), e);
    }
  }

  /** One document of seeded random byte tokens, generated in an executor (not shipped in the plan). */
  static Dataset<Row> document(SparkSession spark, long tokens) {
    int n = Math.toIntExact(tokens);
    return spark.range(0, 1, 1, 1).mapPartitions((MapPartitionsFunction<Long, Row>) it -> {
      int[] ids = new SplittableRandom(7).ints(n, 0, 256).toArray();
      return List.of(RowFactory.create("book", RangeTable.column(ids), null, null)).iterator();
    }, Encoders.row(LongDocColumns.DOCUMENTS));
  }

  /**
   * {@code local-cluster[E,1,M]} from this JVM's classpath (STACK.md): executors get the classpath, the
   * JVM's --add-opens flags and the TensorFlow thread count. Needs SPARK_HOME (with a jars/ directory)
   * and SPARK_SCALA_VERSION in the environment, as bin/megaspark sets them.
   */
  static SparkSession session(int executors, int mib, int tfThreads) {
    String flags = "-Dmegaspark.tf.threads=" + tfThreads + " " + SparkSessions.executorJavaOptions();
    return SparkSessions.create("megaspark-bench-longdoc", "local-cluster[" + executors + ",1," + mib + "]",
        List.of("spark.ui.enabled=false", "spark.sql.shuffle.partitions=" + Math.max(2, executors),
            "spark.executor.extraClassPath=" + System.getProperty("java.class.path"),
            "spark.executor.extraJavaOptions=" + flags, "spark.driver.host=127.0.0.1",
            "spark.driver.maxResultSize=2g"));
  }
}
