package io.megaspark.jobs.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.chunking.tokenize.Tokenizers;
import io.megaspark.jobs.MegasparkException;
import io.megaspark.jobs.io.JobOutput;
import io.megaspark.jobs.io.OutputFormat;
import io.megaspark.jobs.run.BlockModel;
import io.megaspark.jobs.run.JobRunner;
import io.megaspark.jobs.run.JobSpec;
import io.megaspark.jobs.run.JobSummary;
import io.megaspark.jobs.run.RunOptions;
import io.megaspark.jobs.score.ScoreJob;
import io.megaspark.jobs.testing.Oracle;
import io.megaspark.jobs.testing.TestSpark;
import io.megaspark.jobs.testing.ToyModelFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

/** --on-bad-record: fail names the file and offset and writes nothing; skip counts and leaves the rest as is. */
class BadInputIT {
  static SparkSession spark;
  static final BlockModel<?> MODEL = new ToyModelFactory().create("4,260,8,7");

  @BeforeAll
  static void start() {
    spark = TestSpark.local();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static JobSpec spec(Path in, Path out, OnBadRecord policy) {
    return new JobSpec(new ScoreJob(false), new InputSpec(in.toString(), InputFormat.AUTO, "id", "text", 1 << 20),
        out.toString(), OutputFormat.PARQUET, false, ToyModelFactory.BYTES,
        RunOptions.defaults().withPartitions(2).withBlockTokens(8).withOnBadRecord(policy), null, null, -1);
  }

  /** Good texts by id; bad files beside them. */
  static Map<String, String> textCorpus(Path in) throws Exception {
    Files.createDirectories(in);
    Map<String, String> good = new HashMap<>();
    good.put("good1.txt", "The grass is green.\nThe sky is blue.\n");
    good.put("good2.txt", "Ünïcödé is fine — really.");
    good.put("empty.txt", "");
    for (var e : good.entrySet()) {
      Files.writeString(in.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
    }
    // Control bytes throughout and no NUL: binary by chunking's BinaryDetector (a NUL would make it NUL_BYTE).
    byte[] binary = new byte[600];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) (1 + i * 131 % 31);
    }
    Files.write(in.resolve("b-binary.bin"), binary);
    Files.write(in.resolve("c-latin1.txt"), "caf\u00e9 au lait".getBytes(StandardCharsets.ISO_8859_1));
    Files.write(in.resolve("d-nul.txt"), "text with a \0 inside it, otherwise fine".getBytes(StandardCharsets.UTF_8));
    return good;
  }

  @Test
  void textFiles_failPolicy_namesFileAndOffsetAndWritesNothing(@TempDir Path dir) throws Exception {
    textCorpus(dir.resolve("in"));
    MegasparkException e = assertThrows(MegasparkException.class,
        () -> JobRunner.run(spark, spec(dir.resolve("in"), dir.resolve("out"), OnBadRecord.FAIL), l -> {}));
    // The first bad record in input order (files sorted by path) is the binary file, at byte 0.
    assertTrue(e.getMessage().contains("b-binary.bin, document b-binary.bin, byte 0"), e.getMessage());
    assertTrue(e.getMessage().contains("binary content"), e.getMessage());
    assertTrue(e.getMessage().contains("2 more bad records"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("out")));
    try (var files = Files.list(dir)) {
      assertFalse(files.anyMatch(p -> p.getFileName().toString().contains("staging")));
    }
  }

  @Test
  void textFiles_skipPolicy_countsPerReasonAndKeepsGoodResults(@TempDir Path dir) throws Exception {
    Map<String, String> good = textCorpus(dir.resolve("in"));
    JobSummary s = JobRunner.run(spark, spec(dir.resolve("in"), dir.resolve("out"), OnBadRecord.SKIP), l -> {});
    assertEquals(Map.of(BadReason.BINARY, 1L, BadReason.INVALID_UTF8, 1L, BadReason.NUL_BYTE, 1L), s.skipped());
    assertTrue(s.line().contains("3 skipped: 1 binary content, 1 NUL byte, 1 invalid UTF-8"), s.line());
    assertGood(dir.resolve("out"), good);
    List<String> listed = Files.readAllLines(dir.resolve("out").resolve(JobOutput.BAD_RECORDS));
    assertEquals(3, listed.size());
    assertTrue(listed.get(1).contains("\"reason\":\"invalid_utf8\"") && listed.get(1).contains("\"offset\":3"),
        listed.get(1)); // 0xE9 at byte 3 of "caf\xe9"
    assertTrue(listed.get(2).contains("\"reason\":\"nul_byte\"") && listed.get(2).contains("\"offset\":12"),
        listed.get(2));
  }

  @Test
  void largeTextFiles_countedInByteRanges_sameResultsAndFileOffsets(@TempDir Path dir) throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    String big = io.megaspark.jobs.testing.Corpora.text(new java.util.Random(8), 3000);
    Files.writeString(in.resolve("big.txt"), big, StandardCharsets.UTF_8);
    byte[] withNul = big.getBytes(StandardCharsets.UTF_8);
    withNul[2500] = 0;
    Files.write(in.resolve("nul.txt"), withNul);
    JobSpec spec = new JobSpec(new ScoreJob(false), new InputSpec(in.toString(), InputFormat.TEXT, "id", "text", 700),
        dir.resolve("out").toString(), OutputFormat.PARQUET, false, ToyModelFactory.BYTES,
        RunOptions.defaults().withPartitions(2).withBlockTokens(16).withOnBadRecord(OnBadRecord.SKIP), null, null, -1);
    JobRunner.run(spark, spec, l -> {});
    assertGood(dir.resolve("out"), Map.of("big.txt", big));
    String listed = Files.readString(dir.resolve("out").resolve(JobOutput.BAD_RECORDS));
    assertTrue(listed.contains("\"reason\":\"nul_byte\"") && listed.contains("\"offset\":2500"), listed);
  }

  static Map<String, String> jsonlCorpus(Path in) throws Exception {
    Files.createDirectories(in);
    String lines = String.join("\n",
        "{\"id\": \"a\", \"text\": \"first document\"}",
        "{\"id\": \"b\", \"text\": \"second\"",
        "{\"id\": null, \"text\": \"no id\"}",
        "",
        "{\"id\": \"a\", \"text\": \"same id again\"}",
        "{\"id\": \"c\"}",
        "{\"id\": 7, \"text\": \"\"}",
        "{\"text\": \"no id field\", \"id\": \"d\"}") + "\n";
    Files.writeString(in.resolve("docs.jsonl"), lines, StandardCharsets.UTF_8);
    return Map.of("a", "first document", "7", "", "d", "no id field");
  }

  @Test
  void jsonl_failPolicy_namesLineOffset(@TempDir Path dir) throws Exception {
    jsonlCorpus(dir.resolve("in"));
    MegasparkException e = assertThrows(MegasparkException.class,
        () -> JobRunner.run(spark, spec(dir.resolve("in"), dir.resolve("out"), OnBadRecord.FAIL), l -> {}));
    // Line 2 starts after the 37 bytes of line 1 and its newline.
    assertTrue(e.getMessage().contains("malformed JSON line") && e.getMessage().contains("docs.jsonl, byte 38"),
        e.getMessage());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void jsonl_skipPolicy_countsMalformedNullDuplicateAndMissingText(@TempDir Path dir) throws Exception {
    Map<String, String> good = jsonlCorpus(dir.resolve("in"));
    JobSummary s = JobRunner.run(spark, spec(dir.resolve("in"), dir.resolve("out"), OnBadRecord.SKIP), l -> {});
    assertEquals(Map.of(BadReason.MALFORMED_JSON, 1L, BadReason.NULL_ID, 1L, BadReason.DUPLICATE_ID, 1L,
        BadReason.MISSING_TEXT, 1L), s.skipped());
    assertGood(dir.resolve("out"), good);
  }

  static void assertGood(Path out, Map<String, String> good) {
    List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
    assertEquals(good.size(), rows.size());
    for (Row r : rows) {
      String id = r.getString(0);
      double want = Oracle.nll(MODEL, Tokenizers.byName("bytes"), good.get(id));
      assertEquals(want, r.getDouble(r.fieldIndex("nll")), 1e-9 * Math.max(1, want), id); // same model, same order
      assertEquals(good.get(id).getBytes(StandardCharsets.UTF_8).length, r.getLong(r.fieldIndex("tokens")), id);
    }
  }
}
