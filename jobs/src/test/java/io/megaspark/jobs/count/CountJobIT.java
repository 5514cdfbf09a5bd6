package io.megaspark.jobs.count;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.jobs.MegasparkException;
import io.megaspark.jobs.testing.TestSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountJobIT {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.local();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void count_smallCorpus_countsBytesLinesAndTokensPerDocument(@TempDir Path dir) throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("a.txt"), "héllo\nworld", StandardCharsets.UTF_8);
    Files.writeString(in.resolve("b.txt"), "", StandardCharsets.UTF_8);
    String out = dir.resolve("out").toString();

    CountJob.Summary s = CountJob.run(spark, in.toString(), out, false);

    assertEquals(2, s.documents());
    assertEquals(12, s.bytes()); // "é" is two UTF-8 bytes
    assertEquals(12 + 2 * 2, s.tokens()); // BOS and EOS per document
    List<Row> rows = spark.read().parquet(out).orderBy("doc_id").collectAsList();
    assertTrue(rows.get(0).getString(0).endsWith("a.txt"));
    assertEquals(2L, rows.get(0).getLong(2)); // two lines
    assertEquals(2L, rows.get(1).getLong(3)); // the empty document still gets BOS and EOS
  }

  @Test
  void count_existingOutput_failsAndLeavesItAlone(@TempDir Path dir) throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("a.txt"), "x");
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve("keep.txt"), "mine");

    MegasparkException e =
        assertThrows(MegasparkException.class, () -> CountJob.run(spark, in.toString(), out.toString(), false));

    assertTrue(e.getMessage().contains("output already exists"), e.getMessage());
    assertEquals("mine", Files.readString(out.resolve("keep.txt")));
    try (var list = Files.list(dir)) {
      assertFalse(list.anyMatch(p -> p.getFileName().toString().contains("staging")), "no staging dir left");
    }
  }
}
