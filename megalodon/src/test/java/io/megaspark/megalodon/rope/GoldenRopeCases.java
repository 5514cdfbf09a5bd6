package io.megaspark.megalodon.rope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** Reads ../shared/golden/rope-hf.json (golden/README.md): cases computed with Hugging Face's RoPE code. */
final class GoldenRopeCases {
  private GoldenRopeCases() {}

  /** One case: the inputs as in a Hugging Face config and the expected float32 outputs. */
  record Case(String name, int headDim, int maxPositionEmbeddings, JsonNode rope, OptionalInt seqLen,
      double[] invFreq, double attentionFactor, JsonNode raw) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Path goldenDir() {
    String property = System.getProperty("megaspark.golden");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    // Run from the module directory (IDE) or from the project root.
    for (Path candidate : List.of(Path.of("..", "..", "shared", "golden"), Path.of("..", "shared", "golden"))) {
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("golden directory not found: set -Dmegaspark.golden=/path/to/shared/golden");
  }

  static List<Case> load() {
    Path file = goldenDir().resolve("rope-hf.json");
    try {
      JsonNode root = new ObjectMapper().readTree(file.toFile());
      List<Case> cases = new ArrayList<>();
      for (JsonNode c : root) {
        JsonNode seq = c.path("seq_len");
        double[] inv = new double[c.get("inv_freq").size()];
        for (int i = 0; i < inv.length; i++) {
          inv[i] = c.get("inv_freq").get(i).asDouble();
        }
        cases.add(new Case(c.get("name").asText(), c.get("head_dim").asInt(),
            c.path("max_position_embeddings").asInt(0), c.get("rope"),
            seq.isNumber() ? OptionalInt.of(seq.asInt()) : OptionalInt.empty(), inv,
            c.get("attention_factor").asDouble(), c));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
