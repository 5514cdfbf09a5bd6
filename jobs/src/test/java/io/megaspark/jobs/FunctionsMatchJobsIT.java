package io.megaspark.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.jobs.run.ModelRef;
import io.megaspark.jobs.run.RunOptions;
import io.megaspark.jobs.testing.TestSpark;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.weights.MegalodonWeights;
import io.megaspark.udfs.FunctionOptions;
import io.megaspark.udfs.MegasparkFunctions;
import io.megaspark.udfs.document.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SQL functions (udfs) give the same numbers as the jobs for the same documents, model, block size and
 * carry-state setting: score, embedding, summary and token count. Bit for bit on the reference backend
 * (rows are computed one by one in float64 whatever the batch) and on TensorFlow with one document per
 * model call; with several, TensorFlow's batched float32 matrix products may round differently from the
 * function's one-row products, so there the numbers agree to float32 rounding.
 */
class FunctionsMatchJobsIT {
  static final int BLOCK = 32;
  @TempDir static Path dir;
  static SparkSession spark;
  static Path model;
  static Dataset<Row> docs;

  @BeforeAll
  static void start() throws Exception {
    spark = TestSpark.local();
    model = tinyModel(dir.resolve("tiny"), 31);
    Random r = new Random(5);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      rows.add(RowFactory.create("d" + i, i == 0 ? "" : sentences(r, 1 + 2 * i)));
    }
    docs = spark.createDataFrame(rows, new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType))
        .repartition(2).cache();
    docs.createOrReplaceTempView("docs");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** conf/models/tiny.json with seeded random weights. */
  static Path tinyModel(Path out, long seed) throws Exception {
    return randomModel("tiny", out, seed);
  }

  /** conf/models/NAME.json with seeded random weights. */
  static Path randomModel(String name, Path out, long seed) throws Exception {
    Files.createDirectories(out);
    MegalodonConfig cfg = MegalodonConfig.load(
        Path.of(System.getProperty("megaspark.root")).resolve("conf/models/" + name + ".json"));
    Files.writeString(out.resolve("config.json"), cfg.toJson());
    MegalodonWeights.initialize(cfg, seed).save(out.resolve(MegalodonWeights.FILE_NAME));
    return out;
  }

  /** n short made-up sentences. */
  static String sentences(Random r, int n) {
    String[] words = {"the", "lamp", "burned", "low", "while", "rain", "fell", "on", "a", "quiet", "town", "and",
        "nobody", "spoke", "of", "ships", "or", "kings"};
    StringBuilder sb = new StringBuilder();
    for (int s = 0; s < n; s++) {
      int len = 3 + r.nextInt(10);
      for (int w = 0; w < len; w++) {
        String word = words[r.nextInt(words.length)];
        sb.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : " " + word);
      }
      sb.append(s % 4 == 3 ? "!\n" : ". ");
    }
    return sb.toString().strip();
  }

  static Map<String, Row> byId(Dataset<Row> d) {
    Map<String, Row> out = new HashMap<>();
    d.collectAsList().forEach(row -> out.put(row.getString(0), row));
    return out;
  }

  @ParameterizedTest
  @CsvSource({"reference,true,4,0", "tensorflow,true,1,0", "tensorflow,false,4,1e-6"})
  void functions_equalTheJobs_forTheSameDocumentsAndModel(String backend, boolean carry, int batch, double relative) {
    ModelRef ref = backend.equals("reference")
        ? new ModelRef.Reference(model.toString()) : new ModelRef.TensorFlow(model.toString());
    RunOptions run = RunOptions.defaults().withBlockTokens(BLOCK).withBatchSize(batch).withCarryState(carry);
    Map<String, Row> score = byId(Megaspark.score(docs, ref, new ScoreOptions(run)));
    Map<String, Row> embed = byId(Megaspark.embed(docs, ref, new EmbedOptions(run, false)));
    Map<String, Row> summary = byId(Megaspark.summarize(docs, ref, SummarizeOptions.defaults().withRun(run)));

    MegasparkFunctions.register(spark, new FunctionOptions(model.toString(), Backend.parseOrNull(backend), BLOCK, carry, 0));
    List<Row> sql = spark.sql("SELECT id, megaspark_score(text) AS s, megaspark_embed(text) AS e,"
        + " megaspark_summarize(text, 3) AS m, megaspark_tokens(text) AS n FROM docs").collectAsList();
    assertEquals(7, sql.size());
    for (Row f : sql) {
      String id = f.getString(0);
      Row s = score.get(id);
      Row fs = f.getStruct(1);
      double nll = s.getDouble(s.fieldIndex("nll"));
      assertEquals(nll, fs.getDouble(0), relative * nll, id); // relative 0: bit for bit
      assertEquals(s.getLong(s.fieldIndex("tokens")), fs.getLong(1), id);
      double ppl = s.getDouble(s.fieldIndex("ppl"));
      assertEquals(ppl, fs.getDouble(2), relative * ppl, id);
      assertEquals(s.isNullAt(s.fieldIndex("bits_per_byte")), fs.isNullAt(3), id);
      if (!fs.isNullAt(3)) {
        double bpb = s.getDouble(s.fieldIndex("bits_per_byte"));
        assertEquals(bpb, fs.getDouble(3), relative * bpb, id);
      }
      assertEquals(s.getLong(s.fieldIndex("tokens")), f.getLong(4), id);
      Row e = embed.get(id);
      float[] want = floats(e.getList(e.fieldIndex("embedding")));
      float[] got = floats(f.getList(2));
      if (relative == 0) {
        assertArrayEquals(want, got, id);
      } else {
        for (int d = 0; d < want.length; d++) {
          assertEquals(want[d], got[d], 1e-5, id + " dim " + d); // float32 means of values of size ~1
        }
      }
      Row m = summary.get(id);
      List<String> picked = f.getList(3);
      assertEquals(m.getString(m.fieldIndex("summary")), String.join(" ", picked), id);
      assertEquals(Math.min(3, m.getInt(m.fieldIndex("sentence_count"))), picked.size(), id);
    }
    assertTrue(score.get("d6").getLong(score.get("d6").fieldIndex("tokens")) > 3 * BLOCK, "a multi-block document");
  }

  static float[] floats(List<Float> l) {
    float[] out = new float[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = l.get(i);
    }
    return out;
  }
}
