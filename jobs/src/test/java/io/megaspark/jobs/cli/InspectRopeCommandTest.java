package io.megaspark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code megaspark inspect rope} against every case of ../shared/golden/rope-hf.json; no Spark. */
class InspectRopeCommandTest {
  /** Hugging Face computes in float32; the command in float64 (golden/README.md). */
  private static final double RELATIVE = 1e-6;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Exit code, stdout and stderr of one run through {@link Main#commandLine()}. */
  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static Stream<Arguments> goldenCases() throws IOException {
    String property = System.getProperty("megaspark.golden");
    Path dir = property != null && !property.isBlank() ? Path.of(property) : Path.of("..", "..", "shared", "golden");
    if (!Files.isDirectory(dir)) {
      dir = Path.of("..", "shared", "golden");
    }
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode c : JSON.readTree(dir.resolve("rope-hf.json").toFile())) {
      cases.add(Arguments.of(c.get("name").asText(), c));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenCases")
  void goldenCase_printsHuggingFaceFrequencies(String name, JsonNode c) throws IOException {
    List<String> args = new ArrayList<>(List.of("inspect", "rope", "--head-dim", c.get("head_dim").asText(),
        "--rope", c.get("rope").toString()));
    if (c.path("max_position_embeddings").isNumber()) {
      args.addAll(List.of("--max-position-embeddings", c.get("max_position_embeddings").asText()));
    }
    if (c.path("seq_len").isNumber()) {
      args.addAll(List.of("--seq-len", c.get("seq_len").asText()));
    }
    Run run = run(args.toArray(String[]::new));

    assertEquals(0, run.exitCode(), name + ": " + run.err());
    String[] lines = run.out().strip().split("\n");
    assertEquals(1, lines.length, "one line: " + run.out());
    JsonNode got = JSON.readTree(lines[0]);
    JsonNode expected = c.get("inv_freq");
    assertEquals(expected.size(), got.get("inv_freq").size(), "pairs");
    for (int i = 0; i < expected.size(); i++) {
      assertRelative(expected.get(i).asDouble(), got.get("inv_freq").get(i).asDouble(),
          name + " inv_freq[" + i + "]");
    }
    assertRelative(c.get("attention_factor").asDouble(), got.get("attention_factor").asDouble(),
        name + " attention_factor");
  }

  @Test
  void outputLine_hasTheDocumentedShape() {
    Run run = run("inspect", "rope", "--head-dim", "4", "--rope", "{\"rope_type\":\"linear\",\"factor\":2.0}");
    assertEquals("{\"inv_freq\": [0.5, 0.005], \"attention_factor\": 1.0}", run.out().strip());
  }

  @Test
  void baseOption_overridesRopeThetaInJson() {
    Run run = run("inspect", "rope", "--head-dim", "4", "--base", "100",
        "--rope", "{\"rope_type\":\"default\",\"rope_theta\":10000.0}");
    assertEquals("{\"inv_freq\": [1.0, 0.1], \"attention_factor\": 1.0}", run.out().strip());
  }

  @Test
  void unknownKey_exitsWithUserErrorListingValidKeys() {
    Run run = run("inspect", "rope", "--head-dim", "64", "--rope", "{\"rope_type\":\"linear\",\"alpha\":2.0}");
    assertEquals(2, run.exitCode());
    assertEquals("megaspark rope: --rope: unknown key 'alpha' for rope_type 'linear'; valid keys: rope_type (or"
        + " type), rope_theta, factor. Remove the key or fix its spelling", run.err().strip());
  }

  @Test
  void yarnWithoutMaxPositions_asksForIt() {
    Run run = run("inspect", "rope", "--head-dim", "64", "--rope", "{\"rope_type\":\"yarn\",\"factor\":4.0}");
    assertEquals(2, run.exitCode());
    assertEquals("megaspark rope: rope_type 'yarn' with these parameters needs the model's"
        + " max_position_embeddings; pass --max-position-embeddings M", run.err().strip());
  }

  @Test
  void invalidJson_exitsWithUserError() {
    Run run = run("inspect", "rope", "--head-dim", "64", "--rope", "{rope_type: linear}");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("megaspark rope: --rope is not valid JSON ("), run.err());
  }

  @Test
  void inspectAlone_listsSubcommands() {
    Run run = run("inspect");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().contains("rope"), run.out());
  }

  private static void assertRelative(double expected, double actual, String what) {
    double rel = Math.abs(actual - expected) / Math.abs(expected);
    assertTrue(rel <= RELATIVE, what + ": expected " + expected + ", got " + actual + " (relative " + rel + ")");
  }
}
