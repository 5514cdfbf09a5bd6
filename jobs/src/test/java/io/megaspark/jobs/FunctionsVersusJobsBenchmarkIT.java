package io.megaspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.megaspark.jobs.run.ModelRef;
import io.megaspark.jobs.run.RunOptions;
import io.megaspark.jobs.testing.TestSpark;
import io.megaspark.udfs.FunctionOptions;
import io.megaspark.udfs.MegasparkFunctions;
import io.megaspark.udfs.document.Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures the trade-off docs/notebooks.md describes: the same scores through {@code megaspark_score}
 * (one document per call, one row per model call) and through the score job (blocks of several documents
 * per model call), on the TensorFlow path with a random model (conf/models/tiny.json unless {@code
 * megaspark.bench.config} names another), in local[2]. Prints one line per
 * method; asserts only that both give the same numbers (up to float32 rounding) (timings are not asserted: they depend on the
 * machine). Scale it from the command line:
 *
 * <pre>
 * mvn -o -B -Dshade.skip=true -pl jobs -am verify -Dtest=FunctionsVersusJobsBenchmarkIT \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dmegaspark.bench.documents=64 -Dmegaspark.bench.chars=4000 \
 *   -Dmegaspark.bench.blockTokens=256 -Dmegaspark.bench.batch=8 [-Dmegaspark.bench.input=samples] [-Dmegaspark.bench.config=small]
 * </pre>
 *
 * With {@code megaspark.bench.input} the documents are the text files of that directory (one per file)
 * instead of the synthetic corpus.
 */
class FunctionsVersusJobsBenchmarkIT {
  static final int DOCUMENTS = Integer.getInteger("megaspark.bench.documents", 16);
  static final int CHARS = Integer.getInteger("megaspark.bench.chars", 2000);
  static final int BLOCK = Integer.getInteger("megaspark.bench.blockTokens", 256);
  static final int BATCH = Integer.getInteger("megaspark.bench.batch", 8);
  static final String INPUT = System.getProperty("megaspark.bench.input", "");
  static final String CONFIG = System.getProperty("megaspark.bench.config", "tiny");
  @TempDir static Path dir;
  static SparkSession spark;
  static Path model;
  static Dataset<Row> docs;

  @BeforeAll
  static void start() throws Exception {
    spark = TestSpark.local();
    model = FunctionsMatchJobsIT.randomModel(CONFIG, dir.resolve(CONFIG), 41);
    if (INPUT.isEmpty()) {
      Random r = new Random(9);
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < DOCUMENTS; i++) {
        String text = FunctionsMatchJobsIT.sentences(r, CHARS / 50 + 1);
        rows.add(RowFactory.create(String.format("d%04d", i), text.substring(0, Math.min(CHARS, text.length()))));
      }
      docs = spark.createDataFrame(rows, new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType));
    } else {
      Path in = Path.of(INPUT).isAbsolute() ? Path.of(INPUT) : Path.of(System.getProperty("megaspark.root")).resolve(INPUT);
      docs = spark.read().option("wholetext", "true").text(in.resolve("*.txt").toString())
          .select(functions.element_at(functions.split(functions.input_file_name(), "/"), -1).as("id"),
              functions.col("value").as("text"));
    }
    docs = docs.repartition(2).cache();
    docs.count();
    docs.createOrReplaceTempView("docs");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void scoreFunction_versusScoreJob_sameNumbersAndTimings() {
    ModelRef ref = new ModelRef.TensorFlow(model.toString());
    RunOptions run = RunOptions.defaults().withBlockTokens(BLOCK).withBatchSize(BATCH).withPartitions(2);
    MegasparkFunctions.register(spark, new FunctionOptions(model.toString(), Backend.TENSORFLOW, BLOCK, true, 0));
    // Warm up both paths (model load, TensorFlow graphs for every batch size) on the same corpus.
    jobScores(ref, run);
    functionScores();
    long t0 = System.nanoTime();
    Map<String, Double> job = jobScores(ref, run);
    long t1 = System.nanoTime();
    Map<String, Double> udf = functionScores();
    long t2 = System.nanoTime();
    assertEquals(job.keySet(), udf.keySet());
    // batched float32 matrix products round differently from one-row ones: 1e-7 relative on a document's nll
    job.forEach((id, nll) -> assertEquals(nll, udf.get(id), 1e-7 * Math.abs(nll), id));
    long tokens = spark.sql("SELECT sum(megaspark_tokens(text) + 1) FROM docs").first().getLong(0);
    report("score job (batch " + BATCH + ")", tokens, t1 - t0);
    report("megaspark_score UDF", tokens, t2 - t1);
    System.out.printf(Locale.ROOT, "benchmark: UDF/job time ratio %.2f (%s model, %d documents, %d fed tokens, block %d,"
        + " local[2])%n", (double) (t2 - t1) / (t1 - t0), CONFIG, job.size(), tokens, BLOCK);
  }

  /** The job's scores; prints how long its tokenize stage (counting and planning, run at once) took. */
  static Map<String, Double> jobScores(ModelRef ref, RunOptions run) {
    Map<String, Double> out = new HashMap<>();
    long t0 = System.nanoTime();
    Dataset<Row> scores = Megaspark.score(docs, ref, new ScoreOptions(run));
    System.out.printf(Locale.ROOT, "benchmark: score job tokenize stage %.2f s%n", (System.nanoTime() - t0) / 1e9);
    scores.select("doc_id", "nll").collectAsList().forEach(r -> out.put(r.getString(0), r.getDouble(1)));
    return out;
  }

  static Map<String, Double> functionScores() {
    Map<String, Double> out = new HashMap<>();
    spark.sql("SELECT id, megaspark_score(text).nll FROM docs").collectAsList()
        .forEach(r -> out.put(r.getString(0), r.getDouble(1)));
    return out;
  }

  static void report(String what, long tokens, long nanos) {
    double s = nanos / 1e9;
    System.out.printf(Locale.ROOT, "benchmark: %-28s %8.2f s  %10.0f tokens/s%n", what, s, tokens / s);
  }
}
