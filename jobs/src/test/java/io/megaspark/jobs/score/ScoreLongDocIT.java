package io.megaspark.jobs.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.jobs.input.InputFormat;
import io.megaspark.jobs.input.InputSpec;
import io.megaspark.jobs.io.OutputFormat;
import io.megaspark.jobs.longdoc.LongDocMode;
import io.megaspark.jobs.longdoc.LongDocOptions;
import io.megaspark.jobs.run.JobRunner;
import io.megaspark.jobs.run.JobSpec;
import io.megaspark.jobs.run.ModelRef;
import io.megaspark.jobs.run.RunOptions;
import io.megaspark.jobs.testing.TestSpark;
import io.megaspark.jobs.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The score job's --long-doc-mode on the TensorFlow model: documents longer than --max-tokens-per-task
 * run as a relay or a scan over ranges and get the scores the whole-document run gives (float32: 1e-4
 * relative), the short ones stream as before, and the job says how each long one ran.
 */
class ScoreLongDocIT {
  private static final long MAX_TOKENS = 256;
  @TempDir static Path dir;
  static SparkSession spark;
  static ModelRef model;
  static Map<String, Row> whole;

  @BeforeAll
  static void start() throws Exception {
    spark = TestSpark.local();
    model = new ModelRef.TensorFlow(TinyModels.create(dir.resolve("tiny"), 5).toString());
    Files.createDirectories(dir.resolve("in"));
    String line = "It was the best of times, it was the worst of times, it was the age of wisdom. ";
    Files.writeString(dir.resolve("in/short.txt"), line);
    Files.writeString(dir.resolve("in/middle.txt"), line.repeat(9));
    Files.writeString(dir.resolve("in/long.txt"), line.repeat(25));
    whole = score(LongDocMode.SINGLE, new ArrayList<>());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void relayAndScan_scoreLikeTheWholeDocumentAndSayHowTheyRan() throws Exception {
    for (LongDocMode mode : new LongDocMode[] {LongDocMode.RELAY, LongDocMode.SCAN}) {
      List<String> console = new ArrayList<>();
      Map<String, Row> ranged = score(mode, console);
      assertEquals(whole.keySet(), ranged.keySet());
      for (String id : whole.keySet()) {
        Row w = whole.get(id);
        Row r = ranged.get(id);
        assertEquals(w.<Long>getAs("tokens"), r.<Long>getAs("tokens"), mode + " " + id);
        assertEquals(w.<Long>getAs("bytes"), r.<Long>getAs("bytes"), mode + " " + id);
        double nll = w.getAs("nll");
        assertEquals(nll, r.<Double>getAs("nll"), 1e-4 * nll, mode + " " + id); // float32 model
        assertEquals(w.<Double>getAs("ppl"), r.<Double>getAs("ppl"), 1e-4 * w.<Double>getAs("ppl"), mode + " " + id);
      }
      Row shortDoc = ranged.get("short");
      assertTrue(shortDoc.getJavaMap(shortDoc.fieldIndex("ppl_by_position")).size() > 0,
          "a short document streams whole, with its position buckets");
      assertTrue(console.contains("score: 2 document(s) too long for one task run in ranges"), console.toString());
      String how = console.stream().filter(l -> l.startsWith("score: document long")).findFirst().orElse("");
      assertTrue(how.contains(" ran as " + mode.optionValue() + ": "), how);
      assertTrue(how.contains("--max-tokens-per-task=256"), how);
    }
  }

  private static Map<String, Row> score(LongDocMode mode, List<String> console) {
    String out = dir.resolve("out-" + mode.optionValue()).toString();
    JobRunner.run(spark, new JobSpec(new ScoreJob(false, new LongDocOptions(mode, MAX_TOKENS)),
        new InputSpec(dir.resolve("in").toString(), InputFormat.TEXT, "id", "text", 1 << 20), out,
        OutputFormat.PARQUET, false, model, RunOptions.defaults().withBlockTokens(64), null, null, -1),
        console::add);
    Map<String, Row> rows = new TreeMap<>();
    for (Row r : spark.read().parquet(out).collectAsList()) {
      String id = r.getString(0);
      rows.put(id.substring(id.lastIndexOf('/') + 1).replace(".txt", ""), r);
    }
    return rows;
  }
}
