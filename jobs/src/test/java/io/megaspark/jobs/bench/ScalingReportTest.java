package io.megaspark.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalingReportTest {
  @TempDir Path dir;

  @Test
  void figuresFromRuns() throws Exception {
    ScalingReport r = new ScalingReport(List.of(new ScalingReport.Run(1_000_000, 16, 1250, 2400, 900, 450),
        new ScalingReport.Run(8_000_000, 128, 9000, 20000, 1000, 500)), 3.0);
    assertEquals(1 - (8_000_000 / 9000.0) / 1000, r.overhead(), 1e-12);
    assertEquals(1 - (8_000_000 / 20000.0) / 500, r.cpuOverhead(), 1e-12);
    assertEquals(7.2, r.timeRatio(), 1e-12);
    assertEquals(0.9, r.linearity(), 1e-12);
    assertEquals(20000.0 / 2400 / 8, r.cpuLinearity(), 1e-12);
    JsonNode json = new ObjectMapper().readTree(r.json());
    assertEquals(1000.0, json.get("model_tokens_per_s").asDouble());
    assertEquals(2, json.get("runs").size());
    assertEquals(8_000_000, json.get("runs").get(1).get("tokens").asLong());
    assertTrue(r.table().contains("| 8,000,000 | 128 | 9000.0 | 889 | 1000 | 11.1% | 7.20 | 20000.0 | 400 | 500 | 20.0% |"), r.table());
  }

  @Test
  void corpusHasTheAskedShapeAndOnlyAsciiSources() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.writeString(src.resolve("a.txt"), "plain ascii text\n", StandardCharsets.US_ASCII);
    Files.write(src.resolve("b.txt"), new byte[] {'c', 'a', 'f', (byte) 0xe9});
    Path out = BenchCorpus.fromDirectory(src).write(dir.resolve("out"), 3, 40);
    try (var files = Files.list(out)) {
      List<Path> docs = files.sorted().toList();
      assertEquals(3, docs.size());
      for (Path d : docs) {
        byte[] b = Files.readAllBytes(d);
        assertEquals(40, b.length);
        for (byte x : b) {
          assertTrue(x > 0, "ASCII only");
        }
      }
    }
  }
}
