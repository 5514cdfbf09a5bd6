package io.megaspark.megalodon.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.testing.TestPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelBenchmarkTest {
  @Test
  void flopCount_smallConfig_isAbout15MflopPerToken() {
    MegalodonConfig small = MegalodonConfig.load(TestPaths.root().resolve("conf/models/small.json"));
    // 6 x (983040 projections + 327680 attention + 73728 CEMA + 1081344 FFN) + 133120 head
    assertEquals(14_927_872.0, FlopCount.perToken(small, 64), 0.5);
  }

  @Test
  void run_tinyConfig_endsWithOneJsonLine() throws Exception {
    Path tiny = TestPaths.root().resolve("conf/models/tiny.json");
    String json = ModelBenchmark.run(tiny, 2, 32, 1);
    JsonNode node = new ObjectMapper().readTree(json);
    assertTrue(node.get("tokens_per_s").asDouble() > 0, json);
    assertTrue(node.get("model_gflops").asDouble() > 0, json);
    assertTrue(node.get("matmul_gflops").asDouble() > 0, json);
    assertEquals(node.get("model_gflops").asDouble() / node.get("matmul_gflops").asDouble(),
        node.get("ratio").asDouble(), 1e-3, json); // printed with 3 decimals
    assertEquals(2, node.get("batch").asInt());
    assertEquals(32, node.get("block_tokens").asInt());
    assertEquals("tiny", node.get("config").asText());
  }
}
