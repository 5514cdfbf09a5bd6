package io.megaspark.chunking.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerBenchmarkTest {
  @TempDir Path tmp;

  @Test
  void reportEndsWithJsonFiguresForBothTokenizersAndJtokkit() throws Exception {
    Files.writeString(tmp.resolve("a.txt"), "The quick brown fox jumps over the lazy dog. ".repeat(200));
    Files.writeString(tmp.resolve("b.txt"), "caf\u00E9 \u4E2D\u6587 \uD83D\uDE00\n".repeat(50));
    String report = TokenizerBenchmark.run(tmp, 1);
    List<String> lines = report.lines().toList();
    JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    assertEquals("tokenize", json.get("benchmark").asText());
    assertEquals(2, json.get("files").asInt());
    assertEquals(Files.size(tmp.resolve("a.txt")) + Files.size(tmp.resolve("b.txt")),
        json.get("input_bytes").asLong());
    for (String key : List.of("bytes_mb_s_per_core", "gpt2_mb_s_per_core", "jtokkit_mb_s_per_core",
        "gpt2_vs_jtokkit")) {
      assertTrue(json.get(key).asDouble() > 0, key + " measured: " + report);
    }
    assertTrue(json.has("bytes_target_met") && json.has("gpt2_target_met"));
  }
}
