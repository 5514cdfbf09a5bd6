package io.megaspark.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.megaspark.chunking.tokenize.Tokenizers;
import io.megaspark.jobs.input.InputFormat;
import io.megaspark.jobs.input.InputSpec;
import io.megaspark.jobs.io.OutputFormat;
import io.megaspark.jobs.score.ScoreJob;
import io.megaspark.jobs.testing.Corpora;
import io.megaspark.jobs.testing.Oracle;
import io.megaspark.jobs.testing.TestSpark;
import io.megaspark.jobs.testing.TinyModels;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.weights.MegalodonWeights;
import io.megaspark.jobs.testing.ToyModelFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run on a real multi-process cluster (two executor JVMs, rows and plans through Kryo with
 * registration required), and a task that fails once and is retried (Spark retries up to
 * spark.task.maxFailures = 4 times outside local mode).
 */
class ClusterRunIT {
  static SparkSession spark;
  @TempDir static Path dir;
  static Map<String, String> corpus;

  @BeforeAll
  static void start() throws Exception {
    spark = TestSpark.localCluster();
    corpus = Corpora.textFiles(dir.resolve("in"), 9, 14, 100);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static List<Row> score(String name, int partitions, int block, int batch, int failFirstAttemptOf) {
    return score(name, ToyModelFactory.BYTES, partitions, block, batch, failFirstAttemptOf);
  }

  static List<Row> score(String name, ModelRef model, int partitions, int block, int batch, int failFirstAttemptOf) {
    String out = dir.resolve(name).toString();
    JobRunner.run(spark, new JobSpec(new ScoreJob(false),
        new InputSpec(dir.resolve("in").toString(), InputFormat.TEXT, "id", "text", 1 << 20), out,
        OutputFormat.PARQUET, false, model,
        RunOptions.defaults().withPartitions(partitions).withBlockTokens(block).withBatchSize(batch), null, null,
        failFirstAttemptOf), line -> {});
    return spark.read().parquet(out).collectAsList();
  }

  static void assertMatchesModelWithoutSpark(List<Row> rows) {
    var model = new ToyModelFactory().create("4,260,8,7");
    assertEquals(corpus.size(), rows.size());
    for (Row r : rows) {
      double want = Oracle.nll(model, Tokenizers.byName("bytes"), corpus.get(r.getString(0)));
      assertEquals(want, r.getDouble(r.fieldIndex("nll")), 1e-3 * want, r.getString(0)); // 1e-3 relative
    }
  }

  @Test
  void score_onTwoExecutorJvms_equalsModelWithoutSpark() {
    assertMatchesModelWithoutSpark(score("plain", 3, 16, 8, -1));
  }

  @Test
  void score_tensorFlowOnTwoExecutorJvms_equalsReferenceWithoutSpark() {
    Path model = TinyModels.create(dir.resolve("tiny"), 5);
    MegalodonConfig cfg = MegalodonConfig.load(model.resolve("config.json"));
    ReferenceBlockModel reference = new ReferenceBlockModel(MegalodonWeights.load(model, cfg));
    List<Row> rows = score("tf", new ModelRef.TensorFlow(model.toString()), 3, 32, 4, -1);
    assertEquals(corpus.size(), rows.size());
    for (Row r : rows) {
      double want = Oracle.nll(reference, Tokenizers.byName("bytes"), corpus.get(r.getString(0)));
      assertEquals(want, r.getDouble(r.fieldIndex("nll")), 1e-3 * want, r.getString(0)); // 1e-3 relative
    }
  }

  @Test
  void score_taskFailingOnceIsRetried_resultsUnchanged() {
    List<Row> retried = score("retried", 2, 4, 2, 1);
    assertMatchesModelWithoutSpark(retried);
  }
}
