package io.megaspark.jobs.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.megaspark.jobs.input.InputFormat;
import io.megaspark.jobs.input.InputSpec;
import io.megaspark.jobs.io.OutputFormat;
import io.megaspark.jobs.run.JobRunner;
import io.megaspark.jobs.run.JobSpec;
import io.megaspark.jobs.run.RunOptions;
import io.megaspark.jobs.score.ScoreJob;
import io.megaspark.jobs.testing.Corpora;
import io.megaspark.jobs.testing.TestSpark;
import io.megaspark.jobs.testing.ToyModelFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN.md mode 3: text appended over three runs scores the same as one run over the whole text. */
class IncrementalIT {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.local();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Map<String, Row> score(Path in, Path out, String stateIn, String stateOut, int blockTokens) {
    JobSpec spec = new JobSpec(new ScoreJob(stateOut != null),
        new InputSpec(in.toString(), InputFormat.TEXT, "id", "text", 1 << 20), out.toString(), OutputFormat.PARQUET,
        false, ToyModelFactory.BYTES, RunOptions.defaults().withPartitions(2).withBlockTokens(blockTokens), stateIn,
        stateOut, -1);
    JobRunner.run(spark, spec, line -> {});
    Map<String, Row> rows = new HashMap<>();
    for (Row r : spark.read().parquet(out.toString()).collectAsList()) {
      rows.put(r.getString(0), r);
    }
    return rows;
  }

  @Test
  void score_textAppendedOverThreeRuns_equalsOneRunOverWholeText(@TempDir Path dir) throws Exception {
    Random r = new Random(3);
    String a = Corpora.text(r, 157);
    String b = Corpora.text(r, 40);
    String grown = a.substring(0, 61) + "|" + a.substring(61, 130) + "|" + a.substring(130);
    String[] parts = grown.split("\\|");
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("a.txt"), parts[0], StandardCharsets.UTF_8);
    Files.writeString(in.resolve("b.txt"), b, StandardCharsets.UTF_8);
    score(in, dir.resolve("out1"), null, dir.resolve("state1").toString(), 8);

    Files.writeString(in.resolve("a.txt"), parts[0] + parts[1], StandardCharsets.UTF_8);
    Files.writeString(in.resolve("c.txt"), b + "new", StandardCharsets.UTF_8);
    score(in, dir.resolve("out2"), dir.resolve("state1").toString(), dir.resolve("state2").toString(), 16);

    Files.writeString(in.resolve("a.txt"), a, StandardCharsets.UTF_8);
    Map<String, Row> third = score(in, dir.resolve("out3"), dir.resolve("state2").toString(), null, 8);
    Map<String, Row> whole = score(in, dir.resolve("whole"), null, null, 8);

    for (String id : new String[] {"a.txt", "b.txt", "c.txt"}) {
      Row got = third.get(id);
      Row want = whole.get(id);
      for (String col : new String[] {"tokens", "bytes"}) {
        assertEquals(want.getLong(want.fieldIndex(col)), got.getLong(got.fieldIndex(col)), id + " " + col);
      }
      // Same float log-probabilities summed in the same order: equal up to double rounding.
      assertEquals(want.getDouble(want.fieldIndex("nll")), got.getDouble(got.fieldIndex("nll")), 1e-9, id);
      assertEquals(want.getJavaMap(want.fieldIndex("ppl_by_position")), got.getJavaMap(got.fieldIndex("ppl_by_position")), id);
    }
  }
}
