package io.megaspark.megalodon.bench;

import io.megaspark.megalodon.config.MegalodonConfig;
import io.megaspark.megalodon.model.BlockOutput;
import io.megaspark.megalodon.model.MegalodonModel;
import io.megaspark.megalodon.model.ModelOptions;
import io.megaspark.megalodon.model.OpProfile;
import io.megaspark.megalodon.model.OutputRequest;
import io.megaspark.megalodon.model.StreamState;
import io.megaspark.megalodon.weights.MegalodonWeights;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A per-op profile of one block of block-by-block inference on random weights (the benchmark's setting):
 * two warm-up blocks with carried state, then one traced block.
 */
public final class ModelProfiler {
  private ModelProfiler() {}

  /** {@code ModelProfiler CONFIG_JSON [batch] [blockTokens] [topNodes]}. */
  public static void main(String[] args) {
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int block = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
    int top = args.length > 3 ? Integer.parseInt(args[3]) : 25;
    OpProfile p = profile(Path.of(args[0]), batch, block);
    System.out.print(p.table(40));
    System.out.println("top nodes:");
    for (OpProfile.Entry e : p.byNode().subList(0, Math.min(top, p.byNode().size()))) {
      System.out.printf(Locale.ROOT, "  %-60s %8.2f ms%n", e.name(), e.micros() / 1e3);
    }
  }

  /** Profiles one block after two warm-up blocks. */
  public static OpProfile profile(Path configJson, int batch, int block) {
    MegalodonConfig cfg = MegalodonConfig.load(configJson);
    SplittableRandom rnd = new SplittableRandom(42);
    try (MegalodonModel model = MegalodonModel.of(cfg, MegalodonWeights.initialize(cfg, 42),
        ModelOptions.threads(Runtime.getRuntime().availableProcessors()))) {
      StreamState[] states = new StreamState[batch];
      Arrays.fill(states, StreamState.initial(cfg));
      int[] valid = new int[batch];
      Arrays.fill(valid, block);
      for (int i = 0; i < 3; i++) {
        int[][] tokens = new int[batch][];
        int[][] targets = new int[batch][];
        for (int r = 0; r < batch; r++) {
          tokens[r] = rnd.ints(block, 0, cfg.vocabSize()).toArray();
          targets[r] = rnd.ints(block, 0, cfg.outputVocab()).toArray();
        }
        if (i < 2) {
          BlockOutput out = model.forward(states, tokens, valid, OutputRequest.targets(targets));
          states = out.states();
        } else {
          return model.profile(states, tokens, valid, OutputRequest.targets(targets));
        }
      }
      throw new AssertionError("unreachable");
    }
  }
}
