package io.megaspark.jobs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.megaspark.jobs.MegasparkException;
import io.megaspark.megalodon.rope.RopeFrequencies;
import io.megaspark.megalodon.rope.RopeScalingConfig;
import java.io.PrintWriter;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code megaspark inspect rope}: the inverse frequencies and attention factor of a Hugging Face RoPE scaling
 * config, printed as one JSON line {@code {"inv_freq": [...], "attention_factor": x}} (docs/context-extension.md).
 */
@Command(
    name = "rope",
    mixinStandardHelpOptions = true,
    description = {
      "Print the RoPE inverse frequencies and attention factor of a rope_scaling config as one JSON line:",
      "  {\"inv_freq\": [...], \"attention_factor\": x}",
      "Example: megaspark inspect rope --head-dim 128 --max-position-embeddings 32768 \\",
      "           --rope '{\"rope_type\":\"yarn\",\"factor\":8.0,\"original_max_position_embeddings\":4096}'"
    })
public final class InspectRopeCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--head-dim", required = true, paramLabel = "D",
      description = "Rotary dimension (head width), even.")
  int headDim;

  @Option(names = "--rope", required = true, paramLabel = "JSON",
      description = "The rope_scaling (or rope_parameters) object of a Hugging Face config; may hold rope_theta."
          + " Valid rope_type values: default, linear, ntk, dynamic, yarn, llama3, longrope.")
  String rope;

  @Option(names = "--max-position-embeddings", paramLabel = "M",
      description = "The model's max_position_embeddings (needed by dynamic, yarn and longrope unless the JSON"
          + " gives what they need).")
  Integer maxPositionEmbeddings;

  @Option(names = "--seq-len", paramLabel = "L",
      description = "Current sequence length (read by dynamic and longrope).")
  Integer seqLen;

  @Option(names = "--base", paramLabel = "B",
      description = "rope_theta; overrides rope_theta in --rope. Default: the JSON's rope_theta, else 10000.")
  Double base;

  @Override
  public Integer call() {
    RopeScalingConfig config = parseRope();
    checkLengths(config);
    double theta = base != null ? base : config.baseOr(RopeScalingConfig.DEFAULT_THETA);
    RopeFrequencies f;
    try {
      f = config.scaling().compute(headDim, theta, maxPositionEmbeddings == null ? 0 : maxPositionEmbeddings,
          seqLen == null ? OptionalInt.empty() : OptionalInt.of(seqLen));
    } catch (IllegalArgumentException e) {
      throw new MegasparkException(e.getMessage() + " (check --head-dim, --base, --max-position-embeddings"
          + " and --seq-len)", e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(toJsonLine(f));
    out.flush();
    return 0;
  }

  private RopeScalingConfig parseRope() {
    JsonNode node;
    try {
      node = JSON.readTree(rope);
    } catch (JsonProcessingException e) {
      throw new MegasparkException("--rope is not valid JSON (" + e.getOriginalMessage() + "); pass the"
          + " rope_scaling object in single quotes, e.g. --rope '{\"rope_type\":\"linear\",\"factor\":4.0}'", e);
    }
    if (node == null || node.isMissingNode()) {
      throw new MegasparkException("--rope is empty; pass the rope_scaling object, e.g."
          + " --rope '{\"rope_type\":\"linear\",\"factor\":4.0}'");
    }
    try {
      return RopeScalingConfig.fromJson(node, "--rope");
    } catch (IllegalArgumentException e) {
      throw new MegasparkException(e.getMessage(), e);
    }
  }

  private void checkLengths(RopeScalingConfig config) {
    if (maxPositionEmbeddings != null && maxPositionEmbeddings < 1) {
      throw new MegasparkException("--max-position-embeddings " + maxPositionEmbeddings + ": must be >= 1");
    }
    if (seqLen != null && seqLen < 1) {
      throw new MegasparkException("--seq-len " + seqLen + ": must be >= 1");
    }
    if (maxPositionEmbeddings == null && config.scaling().usesMaxPositionEmbeddings()) {
      throw new MegasparkException("rope_type '" + config.scaling().ropeType() + "' with these parameters needs"
          + " the model's max_position_embeddings; pass --max-position-embeddings M");
    }
  }

  /** One JSON line; numbers in Java's shortest round-trip form, so the float64 values survive exactly. */
  static String toJsonLine(RopeFrequencies f) {
    StringBuilder s = new StringBuilder("{\"inv_freq\": [");
    for (int i = 0; i < f.pairs(); i++) {
      s.append(i == 0 ? "" : ", ").append(f.invFreq(i));
    }
    return s.append("], \"attention_factor\": ").append(f.attentionFactor()).append('}').toString();
  }
}
