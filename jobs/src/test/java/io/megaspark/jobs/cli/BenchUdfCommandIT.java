package io.megaspark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.jobs.testing.Corpora;
import io.megaspark.jobs.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/megaspark bench udf} runs both paths and ends with its JSON line (its timings are not checked). */
class BenchUdfCommandIT {
  @Test
  void benchUdf_tinyModel_printsRunsAndJsonLine(@TempDir Path dir) throws Exception {
    Random random = new Random(7);
    Files.createDirectories(dir.resolve("in"));
    Files.writeString(dir.resolve("in/a.txt"), Corpora.text(random, 300));
    Files.writeString(dir.resolve("in/b.txt"), Corpora.text(random, 300));
    Path model = TinyModels.create(dir.resolve("tiny"), 3);
    JobCommandIT.Result r = JobCommandIT.run("bench", "udf", "--input=" + dir.resolve("in"), "--model=" + model,
        "--document-chars=100", "--documents=3", "--block-tokens=32", "--repeats=1", "--master=local[2]",
        "--conf", "spark.ui.enabled=false");
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().strip().split("\n");
    String json = lines[lines.length - 1];
    assertTrue(json.startsWith("{\"benchmark\": \"udf\", \"documents\": 3,") && json.contains("\"block_tokens\": 32"), r.out());
    assertTrue(r.out().contains("bench udf: run 1/1: score job"), r.out());
  }
}
