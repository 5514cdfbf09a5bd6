package io.megaspark.jobs.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.jobs.input.InputFormat;
import io.megaspark.jobs.input.InputSpec;
import io.megaspark.jobs.run.JobRunner;
import io.megaspark.jobs.run.JobSpec;
import io.megaspark.jobs.run.RunOptions;
import io.megaspark.jobs.score.ScoreJob;
import io.megaspark.jobs.testing.Corpora;
import io.megaspark.jobs.testing.TestSpark;
import io.megaspark.jobs.testing.ToyModelFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkException;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs are atomic, deterministic to the byte, and readable in every format. */
class JobOutputIT {
  static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    spark = TestSpark.local();
    Corpora.textFiles(dir.resolve("in"), 21, 12, 80);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static JobSpec spec(String out, OutputFormat format, int partitions, int failFirstAttemptOf) {
    return new JobSpec(new ScoreJob(false),
        new InputSpec(dir.resolve("in").toString(), InputFormat.TEXT, "id", "text", 1 << 20),
        dir.resolve(out).toString(), format, false, ToyModelFactory.BYTES,
        RunOptions.defaults().withPartitions(partitions).withBlockTokens(8), null, null, failFirstAttemptOf);
  }

  /** The result files' bytes (names carry a random id; contents must not). */
  static byte[] resultBytes(String out) throws Exception {
    try (Stream<Path> files = Files.list(dir.resolve(out))) {
      List<Path> parts = files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
      assertEquals(1, parts.size(), "one result file");
      return Files.readAllBytes(parts.get(0));
    }
  }

  @Test
  void rerun_otherPartitioning_writesTheSameBytes() throws Exception {
    for (OutputFormat f : OutputFormat.values()) {
      JobRunner.run(spark, spec("a-" + f, f, 1, -1), l -> {});
      JobRunner.run(spark, spec("b-" + f, f, 5, -1), l -> {});
      assertArrayEquals(resultBytes("a-" + f), resultBytes("b-" + f), f.name());
    }
  }

  @Test
  void csv_nestedColumnsAreJsonStrings() throws Exception {
    JobRunner.run(spark, spec("csv", OutputFormat.CSV, 2, -1), l -> {});
    String csv = new String(resultBytes("csv"), java.nio.charset.StandardCharsets.UTF_8);

    assertTrue(csv.startsWith("doc_id,tokens,bytes,nll,ppl,bits_per_byte,ppl_by_position\n"), csv);
    assertTrue(csv.contains("\"{\"\"0-1K\"\":"), csv);
  }

  @Test
  void failedJob_leavesNothingAtTheTarget() throws Exception {
    // Local mode does not retry, so the injected failure fails the job (during the run stage).
    assertThrows(SparkException.class, () -> JobRunner.run(spark, spec("failed", OutputFormat.PARQUET, 2, 0), l -> {}));
    assertFalse(Files.exists(dir.resolve("failed")));
    try (Stream<Path> files = Files.list(dir)) {
      assertFalse(files.anyMatch(p -> p.getFileName().toString().contains("staging")));
    }
  }
}
