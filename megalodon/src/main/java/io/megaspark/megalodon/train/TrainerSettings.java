package io.megaspark.megalodon.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of one training run.
 *
 * @param output directory for the checkpoint ({@code output/checkpoint}), logs and the loss curve
 * @param batch B rows per step; {@code blockTokens} T tokens per row (a multiple of the attention chunk)
 * @param steps total optimizer steps (the cosine schedule ends here)
 * @param warmupSteps linear warmup steps; {@code lr} the peak and {@code minLr} the floor of the schedule
 * @param adamW optimizer settings; {@code clip} the global gradient-norm limit
 * @param seed shuffles pieces and seeds LoRA dropout
 * @param maxPieceTokens documents are streamed in pieces of at most this many tokens (0 = whole)
 * @param evalEvery held-out evaluation every this many steps (0 = only at the end)
 * @param evalTokens targets evaluated per held-out document in periodic evaluations (0 = all)
 * @param checkpointSeconds write a checkpoint when this many seconds passed since the last one
 * @param threads TensorFlow intra-op threads (0 = all cores)
 */
public record TrainerSettings(Path output, int batch, int blockTokens, long steps, long warmupSteps, double lr,
    double minLr, AdamWConfig adamW, double clip, long seed, int maxPieceTokens, int evalEvery, long evalTokens,
    long checkpointSeconds, int threads) {
  public TrainerSettings {
    if (steps <= 0) {
      throw new IllegalArgumentException("steps must be positive: steps=" + steps);
    }
    if (!(clip > 0)) {
      throw new IllegalArgumentException("clip must be positive: clip=" + clip);
    }
    if (evalEvery < 0 || evalTokens < 0 || checkpointSeconds <= 0 || threads < 0) {
      throw new IllegalArgumentException("eval_every, eval_tokens and threads must be >= 0 and checkpoint_seconds"
          + " positive: eval_every=" + evalEvery + ", eval_tokens=" + evalTokens + ", checkpoint_seconds="
          + checkpointSeconds + ", threads=" + threads);
    }
    new LearningRateSchedule(lr, warmupSteps, steps, minLr);
  }

  public LearningRateSchedule schedule() {
    return new LearningRateSchedule(lr, warmupSteps, steps, minLr);
  }

  /** The settings an exact resume must repeat, as saved in trainer.json. */
  public Map<String, Object> fingerprint() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("batch", batch);
    m.put("block_tokens", blockTokens);
    m.put("steps", steps);
    m.put("warmup_steps", warmupSteps);
    m.put("lr", lr);
    m.put("min_lr", minLr);
    m.put("adamw", adamW.beta1() + "/" + adamW.beta2() + "/" + adamW.eps() + "/" + adamW.weightDecay());
    m.put("clip", clip);
    m.put("seed", seed);
    m.put("max_piece_tokens", maxPieceTokens);
    return m;
  }
}
