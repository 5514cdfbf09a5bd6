package io.megaspark.jobs.longdoc;

import io.megaspark.jobs.run.ModelRef;
import io.megaspark.jobs.spark.SparkSessions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Wall time of one long document under single, relay and scan on {@code local-cluster[E,1,M]}
 * (docs/benchmarks.md, "One document across partitions"). Not a test: run by hand, the command is in
 * docs/benchmarks.md. Prints one CSV line per mode: executors, tokens, mode, ranges, seconds, relative
 * NLL difference to single.
 *
 * <p>Arguments: tokens, executors, executor MiB, max tokens per task, block chunks, modes (comma list),
 * backend of single and relay (reference or tensorflow; the scan always runs the float64 reference).
 */
public final class LongDocBench {
  private LongDocBench() {}

  public static void main(String[] args) throws Exception {
    int tokens = Integer.parseInt(args[0]);
    int executors = Integer.parseInt(args[1]);
    int mib = Integer.parseInt(args[2]);
    long maxTokens = Long.parseLong(args[3]);
    int blockChunks = Integer.parseInt(args[4]);
    List<String> modes = List.of(args[5].split(","));
    String backend = args.length > 6 ? args[6] : "reference";
    Path dir = Files.createTempDirectory("longdoc-bench");
    String model = LongDocTesting.tinyModel(dir.resolve("tiny"));
    SparkSession spark = session(executors, mib);
    if (Boolean.getBoolean("bench.jobs")) {
      spark.sparkContext().addSparkListener(new JobTimes());
    }
    int[] ids = new SplittableRandom(7).ints(tokens, 0, 260).toArray();
    Dataset<Row> doc = spark.createDataFrame(List.of(RowFactory.create("book",
        scala.collection.immutable.ArraySeq.unsafeWrapArray(ids), null, null)), LongDocColumns.DOCUMENTS);
    Double singleNll = null;
    for (String m : modes) {
      ModelRef ref = backend.equals("tensorflow") ? new ModelRef.TensorFlow(model)
          : new ModelRef.Reference(model);
      LongDocScorer.Settings s = LongDocScorer.Settings.of(ref, new LongDocOptions(
          LongDocMode.parse(m), maxTokens)).withPieceChunks(blockChunks);
      long t0 = System.nanoTime();
      Row r = LongDocScorer.score(spark, doc, s).collectAsList().get(0);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double nll = r.getAs(LongDocColumns.NLL);
      singleNll = m.equals("single") ? Double.valueOf(nll) : singleNll;
      double rel = singleNll == null ? Double.NaN : Math.abs(nll - singleNll) / Math.abs(singleNll);
      System.out.printf(Locale.ROOT, "RESULT,%s,%d,%d,%s,%d,%.1f,%.2e%n", backend, executors, tokens, m,
          r.<Integer>getAs(LongDocColumns.RANGES), seconds, rel);
    }
    spark.stop();
  }

  /** Prints every Spark job's wall time (-Dbench.jobs=true): where the time of a mode goes. */
  private static final class JobTimes extends org.apache.spark.scheduler.SparkListener {
    private final java.util.Map<Integer, Long> starts = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<Integer, String> names = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart e) {
      starts.put(e.jobId(), e.time());
      String d = e.properties() == null ? null : e.properties().getProperty("spark.job.description");
      names.put(e.jobId(), d == null ? "-" : d);
    }

    @Override
    public void onStageCompleted(org.apache.spark.scheduler.SparkListenerStageCompleted e) {
      var info = e.stageInfo();
      var m = info.taskMetrics();
      long wall = (long) info.completionTime().get() - (long) info.submissionTime().get();
      System.out.printf(Locale.ROOT, "STAGE,%d,%d tasks,wall %.2f s,run %.2f s,cpu %.2f s,gc %.2f s%n",
          info.stageId(), info.numTasks(), wall / 1e3, m.executorRunTime() / 1e3,
          m.executorCpuTime() / 1e9, m.jvmGCTime() / 1e3);
    }

    @Override
    public void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd e) {
      System.out.printf(Locale.ROOT, "JOB,%d,%.2f,%s%n", e.jobId(), (e.time() - starts.get(e.jobId())) / 1e3,
          names.get(e.jobId()));
    }
  }

  private static SparkSession session(int executors, int mib) {
    StringBuilder flags = new StringBuilder();
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("--add-modules") || a.startsWith("-Djdk.reflect")
          || a.startsWith("-Dio.netty") || a.startsWith("-XX:+IgnoreUnrecognized")) {
        flags.append(a).append(' ');
      }
    }
    return SparkSessions.create("longdoc-bench", "local-cluster[" + executors + ",1," + mib + "]",
        List.of("spark.ui.enabled=false", "spark.sql.shuffle.partitions=" + Math.max(2, executors),
            "spark.executor.extraClassPath=" + System.getProperty("java.class.path"),
            "spark.executor.extraJavaOptions=" + flags.toString().trim(),
            "spark.driver.host=127.0.0.1"));
  }
}
