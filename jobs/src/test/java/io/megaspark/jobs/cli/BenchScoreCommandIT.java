package io.megaspark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The scoring benchmark runs end to end on small sizes and reports what it scored (figures not checked). */
class BenchScoreCommandIT {
  @TempDir Path work;

  @Test
  void reportsEverySizeInItsLastLine() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    int code = cli.execute("bench", "score", "--master", "local[2]", "--sizes", "2048,4096", "--doc-bytes",
        "1024", "--block-tokens", "256", "--batch-size", "2", "--model-repeats", "1", "--work", work.toString());
    assertEquals(0, code, out.toString());
    String[] lines = out.toString().strip().split("\n");
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertEquals(2, json.get("runs").size());
    // Each document is 1024 bytes = 1024 byte tokens.
    assertEquals(2048, json.get("runs").get(0).get("tokens").asLong());
    assertEquals(4, json.get("runs").get(1).get("documents").asInt());
    assertTrue(json.get("model_tokens_per_s").asDouble() > 0);
    assertTrue(out.toString().contains("score: 4 documents"), out.toString());
  }
}
