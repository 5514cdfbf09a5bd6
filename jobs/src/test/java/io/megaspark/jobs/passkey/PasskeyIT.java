package io.megaspark.jobs.passkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.chunking.tokenize.Tokenizers;
import io.megaspark.jobs.io.OutputFormat;
import io.megaspark.jobs.run.ModelOverrides;
import io.megaspark.jobs.run.ModelRef;
import io.megaspark.jobs.run.RunOptions;
import io.megaspark.jobs.testing.TestSpark;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.reference.ReferenceModel;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The passkey job on Spark with a small random model through the float64 reference backend: its files, and
 * each prompt's answer log-probability against the reference run without Spark on the whole stream.
 */
class PasskeyIT {
  /** Streaming in blocks rounds the carried CEMA h to float32 (docs/deviations.md 3). */
  private static final double LOGPROB_TOL = 1e-5;
  private static final Tokenizer BYTES = Tokenizers.byName("bytes");
  private static final PasskeyRun.Settings SETTINGS =
      new PasskeyRun.Settings(new int[] {48, 96}, new int[] {0, 100}, 2, 11);

  static SparkSession spark;
  @TempDir static Path dir;
  static MegalodonConfig config;

  @BeforeAll
  static void start() throws Exception {
    spark = TestSpark.local();
    config = MegalodonConfig.builder().numLayers(1).modelDim(16).zDim(8).valueDim(12).numHeads(2)
        .ffnHiddenDim(24).cemaNdim(4).chunkSize(16).normNumGroups(4).vocabSize(260).tokenizer("bytes").build();
    Path model = Files.createDirectories(dir.resolve("model"));
    Files.writeString(model.resolve("config.json"), config.toJson());
    MegalodonWeights.initialize(config, 3).save(model.resolve(MegalodonWeights.FILE_NAME));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void passkey_writesItsFilesAndMatchesTheReferenceWithoutSpark() throws Exception {
    Path out = dir.resolve("plain");
    List<PasskeyCell> cells = run(out, ModelOverrides.NONE, true);
    assertEquals(4, cells.size());
    assertTrue(cells.stream().allMatch(c -> c.trials() == 2), cells.toString());
    assertEquals(5, Files.readAllLines(out.resolve(PasskeyRun.SUMMARY)).size()); // header + 4 cells
    BufferedImage png = ImageIO.read(out.resolve(PasskeyRun.HEATMAP).toFile());
    assertNotNull(png);
    assertTrue(png.getWidth() > 100 && png.getHeight() > 50);
    checkAgainstReference(out, config);
  }

  @Test
  void passkey_withChunkAndMemoryOverrides_matchesTheReferenceOfTheOverriddenConfig() throws Exception {
    ModelOverrides o = new ModelOverrides(32, "{\"rope_type\": \"linear\", \"factor\": 2.0}",
        "{\"enabled\": true, \"update\": \"delta\"}");
    Path out = dir.resolve("overrides");
    run(out, o, true);
    checkAgainstReference(out, o.apply(config));
  }

  @Test
  void passkey_onTensorFlow_matchesTheReferenceBackend() throws Exception {
    ModelOverrides o = new ModelOverrides(32, "", "{\"enabled\": true, \"update\": \"linear\"}");
    Path ref = dir.resolve("tf-ref");
    Path tf = dir.resolve("tf");
    run(ref, o, true);
    PasskeyRun.run(spark, SETTINGS, new ModelRef.TensorFlow(dir.resolve("model").toString(), o),
        RunOptions.defaults().withBlockTokens(64).withBatchSize(4), tf.toString(), OutputFormat.PARQUET, false,
        "test", line -> {});
    Map<String, Double> expected = new TreeMap<>();
    spark.read().parquet(ref.resolve(PasskeyRun.DOCUMENTS).toString()).collectAsList()
        .forEach(r -> expected.put(r.getAs("doc_id"), r.getAs("answer_logprob")));
    List<Row> got = spark.read().parquet(tf.resolve(PasskeyRun.DOCUMENTS).toString()).collectAsList();
    assertEquals(8, got.size());
    for (Row r : got) {
      // float32 graph against the float64 reference, averaged log-probabilities: 1e-4
      assertEquals(expected.get(r.<String>getAs("doc_id")), r.<Double>getAs("answer_logprob"), 1e-4);
    }
  }

  private static List<PasskeyCell> run(Path out, ModelOverrides o, boolean carry) {
    ModelRef model = new ModelRef.Reference(dir.resolve("model").toString(), o);
    RunOptions run = RunOptions.defaults().withBlockTokens(32).withBatchSize(3).withPartitions(2)
        .withCarryState(carry);
    return PasskeyRun.run(spark, SETTINGS, model, run, out.toString(), OutputFormat.PARQUET, false, "test",
        line -> {});
  }

  /** Every prompt's mean ln p(key digit) equals one reference pass over BOS + prompt + " " + key. */
  private static void checkAgainstReference(Path out, MegalodonConfig cfg) throws Exception {
    MegalodonWeights w = MegalodonWeights.load(dir.resolve("model"), cfg);
    ReferenceModel ref = new ReferenceModel(w);
    List<Row> rows = spark.read().parquet(out.resolve(PasskeyRun.DOCUMENTS).toString()).collectAsList();
    assertEquals(8, rows.size());
    Map<String, String> texts = new TreeMap<>();
    for (String line : Files.readAllLines(out.resolve(PasskeyRun.PROMPTS))) {
      var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
      texts.put(node.get("id").asText(), node.get("text").asText());
    }
    for (Row r : rows) {
      String id = r.getAs("doc_id");
      String key = r.getAs("key");
      int[] prompt = BYTES.encode(texts.get(id));
      int[] answer = BYTES.encode(" " + key);
      int[] stream = IntStream.concat(IntStream.concat(IntStream.of(BYTES.bosId()), IntStream.of(prompt)),
          IntStream.of(answer)).toArray();
      double[][] logits = ref.forward(StreamState.initial(cfg), stream).logits();
      double sum = 0;
      int first = 1 + prompt.length + 1; // the first digit's position in the stream (after the space)
      for (int i = 0; i < 5; i++) {
        sum += logSoftmax(logits[first + i - 1], stream[first + i]);
      }
      double got = r.getAs("answer_logprob");
      assertEquals(sum / 5, got, LOGPROB_TOL, id);
      assertEquals(1L + prompt.length, (long) r.<Long>getAs("tokens"), id);
    }
  }

  private static double logSoftmax(double[] logits, int target) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : logits) {
      max = Math.max(max, x);
    }
    double z = 0;
    for (double x : logits) {
      z += Math.exp(x - max);
    }
    return logits[target] - max - Math.log(z);
  }
}
