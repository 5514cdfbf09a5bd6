package io.megaspark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.megaspark.megalodon.weights.SafeTensors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code bin/megaspark logits} on the official checkpoint layout reproduces the official logits. */
class LogitsCommandTest {
  static final Path GOLDEN =
      Path.of(System.getProperty("megaspark.golden", "../shared/golden")).resolve("megalodon-tiny-a");

  @ParameterizedTest
  @ValueSource(ints = {16, 32, 64})
  void logits_officialCheckpointAnyBlockSize_matchesGoldenWithin1e4(int blockTokens, @TempDir Path dir) {
    Path out = dir.resolve("out.safetensors");

    int rc = Main.commandLine().execute("logits", "--model", GOLDEN.toString(), "--input",
        GOLDEN.resolve("case.safetensors").toString(), "--output", out.toString(), "--block-tokens",
        String.valueOf(blockTokens));

    assertEquals(0, rc);
    float[] expected = SafeTensors.read(GOLDEN.resolve("case.safetensors")).tensor("logits").floats();
    float[] got = SafeTensors.read(out).tensor("logits").floats();
    assertEquals(expected.length, got.length);
    double worst = 0;
    for (int i = 0; i < got.length; i++) {
      worst = Math.max(worst, Math.abs(expected[i] - got[i]));
    }
    assertTrue(worst < 1e-4, "max |logit - golden| = " + worst + " (tolerance 1e-4)");
  }

  @Test
  void logits_blockNotMultipleOfChunk_failsWithMessage(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    var cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));

    int rc = cli.execute("logits", "--model", GOLDEN.toString(), "--input",
        GOLDEN.resolve("case.safetensors").toString(), "--output", dir.resolve("o").toString(),
        "--block-tokens", "20");

    assertEquals(2, rc);
    assertTrue(err.toString().contains("--block-tokens=20 must be a positive multiple of the model's chunk size 16"),
        err.toString());
  }
}
