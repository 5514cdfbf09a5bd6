package io.megaspark.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.megaspark.chunking.tokenize.Tokenizer;
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
import io.megaspark.megalodon.model.MegalodonModel;
import io.megaspark.megalodon.model.ModelOptions;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real model (tiny config, random weights) through the whole job: TensorFlow in Spark equals the
 * float64 reference model called directly in one process, for any partitions, block and batch size.
 */
class TensorFlowRunIT {
  static SparkSession spark;
  @TempDir static Path dir;
  static Path model;
  static Map<String, String> corpus;
  static final Map<String, Double> REFERENCE = new HashMap<>();
  static final Map<String, Double> TENSORFLOW = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    spark = TestSpark.local();
    model = TinyModels.create(dir.resolve("tiny"), 11);
    corpus = Corpora.textFiles(dir.resolve("in"), 12, 10, 150);
    MegalodonConfig cfg = MegalodonConfig.load(model.resolve("config.json"));
    MegalodonWeights weights = MegalodonWeights.load(model, cfg);
    ReferenceBlockModel reference = new ReferenceBlockModel(weights);
    Tokenizer bytes = Tokenizers.byName("bytes");
    try (TensorFlowBlockModel tf = new TensorFlowBlockModel(MegalodonModel.of(cfg, weights, ModelOptions.defaults()))) {
      corpus.forEach((id, text) -> {
        REFERENCE.put(id, Oracle.nll(reference, bytes, text));
        TENSORFLOW.put(id, Oracle.nll(tf, bytes, text));
      });
    }
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static List<Row> score(String name, ModelRef ref, int partitions, int block, int batch) {
    String out = dir.resolve(name).toString();
    JobRunner.run(spark, new JobSpec(new ScoreJob(false),
        new InputSpec(dir.resolve("in").toString(), InputFormat.TEXT, "id", "text", 1 << 20), out,
        OutputFormat.PARQUET, false, ref,
        RunOptions.defaults().withPartitions(partitions).withBlockTokens(block).withBatchSize(batch), null, null, -1),
        line -> {});
    return spark.read().parquet(out).collectAsList();
  }

  @Test
  void tensorFlowCalledDirectly_equalsReference() {
    for (String id : corpus.keySet()) {
      assertEquals(REFERENCE.get(id), TENSORFLOW.get(id), 1e-3 * REFERENCE.get(id), id); // 1e-3 relative
    }
  }

  @ParameterizedTest
  @CsvSource({"1,16,1", "2,64,8", "7,16,8", "7,64,1"})
  void score_tensorFlowInSpark_equalsReferenceWithoutSpark(int partitions, int block, int batch) {
    List<Row> rows = score("tf-" + partitions + "-" + block + "-" + batch,
        new ModelRef.TensorFlow(model.toString()), partitions, block, batch);
    assertEquals(corpus.size(), rows.size());
    for (Row r : rows) {
      double want = REFERENCE.get(r.getString(0));
      assertEquals(want, r.getDouble(r.fieldIndex("nll")), 1e-3 * want, r.getString(0)); // 1e-3 relative
    }
  }

  @Test
  void score_tensorFlowStateStore_appendedTextEqualsWholeText() throws Exception {
    Path in = java.nio.file.Files.createDirectories(dir.resolve("grow"));
    String whole = corpus.values().stream().filter(t -> t.length() > 100).findFirst().orElseThrow();
    java.nio.file.Files.writeString(in.resolve("a.txt"), whole.substring(0, 37));
    ModelRef tf = new ModelRef.TensorFlow(model.toString());
    RunOptions o = RunOptions.defaults().withPartitions(1).withBlockTokens(32).withBatchSize(2);
    JobRunner.run(spark, new JobSpec(new ScoreJob(true), new InputSpec(in.toString(), InputFormat.TEXT, "id", "text",
        1 << 20), dir.resolve("g1").toString(), OutputFormat.PARQUET, false, tf, o, null,
        dir.resolve("g1-state").toString(), -1), l -> {});
    java.nio.file.Files.writeString(in.resolve("a.txt"), whole);
    JobRunner.run(spark, new JobSpec(new ScoreJob(false), new InputSpec(in.toString(), InputFormat.TEXT, "id", "text",
        1 << 20), dir.resolve("g2").toString(), OutputFormat.PARQUET, false, tf, o,
        dir.resolve("g1-state").toString(), null, -1), l -> {});
    Row continued = spark.read().parquet(dir.resolve("g2").toString()).first();
    double want = Oracle.nll(new ReferenceBlockModel(MegalodonWeights.load(model,
        MegalodonConfig.load(model.resolve("config.json")))), Tokenizers.byName("bytes"), whole);
    assertEquals(want, continued.getDouble(continued.fieldIndex("nll")), 1e-3 * want); // 1e-3 relative
  }

  @Test
  void score_referenceBackendInSpark_equalsReferenceWithoutSpark() {
    List<Row> rows = score("ref", new ModelRef.Reference(model.toString()), 2, 32, 4);
    for (Row r : rows) {
      double want = REFERENCE.get(r.getString(0));
      assertEquals(want, r.getDouble(r.fieldIndex("nll")), 1e-6 * want, r.getString(0)); // float64 both ways
    }
  }
}
