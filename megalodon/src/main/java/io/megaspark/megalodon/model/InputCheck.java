package io.megaspark.megalodon.model;

import io.megaspark.megalodon.config.MegalodonConfig;

/** Checks a block before it reaches TensorFlow, so a bad input fails with the row and position named. */
final class InputCheck {
  private InputCheck() {}

  static void check(MegalodonConfig cfg, StreamState[] states, int[][] tokens, int[] validLengths,
      OutputRequest request) {
    if (states == null || tokens == null || validLengths == null || request == null) {
      throw new IllegalArgumentException("states, tokens, validLengths and request must not be null");
    }
    int b = tokens.length;
    if (b == 0) {
      throw new IllegalArgumentException("tokens: expected at least one row");
    }
    if (states.length != b) {
      throw ModelErrors.batchMismatch("states", states.length, b);
    }
    if (validLengths.length != b) {
      throw ModelErrors.batchMismatch("validLengths", validLengths.length, b);
    }
    int t = tokens[0] == null ? 0 : tokens[0].length;
    if (t == 0) {
      throw ModelErrors.emptyBlock();
    }
    if (t % cfg.attentionChunk() != 0) {
      throw ModelErrors.blockNotChunkAligned(t, cfg.attentionChunk());
    }
    for (int r = 0; r < b; r++) {
      if (states[r] == null) {
        throw new IllegalArgumentException("states[" + r + "] is null; use StreamState.initial(config)");
      }
      states[r].checkFits(cfg);
      if (tokens[r] == null || tokens[r].length != t) {
        throw ModelErrors.raggedBlock(r, tokens[r] == null ? 0 : tokens[r].length, t);
      }
      if (validLengths[r] < 0 || validLengths[r] > t) {
        throw ModelErrors.validLengthOutOfRange(r, validLengths[r], t);
      }
      for (int p = 0; p < validLengths[r]; p++) {
        int tok = tokens[r][p];
        if (tok < 0 || tok >= cfg.vocabSize()) {
          throw ModelErrors.tokenOutOfVocab(r, p, tok, cfg.vocabSize());
        }
      }
      for (int p = validLengths[r]; p < t; p++) {
        int tok = tokens[r][p];
        if (tok < 0 || tok >= cfg.vocabSize()) {
          throw ModelErrors.tokenOutOfVocab(r, p, tok, cfg.vocabSize());
        }
      }
    }
    checkTargets(cfg, request.targets(), b, t);
  }

  private static void checkTargets(MegalodonConfig cfg, int[][] targets, int b, int t) {
    if (targets == null) {
      return;
    }
    if (targets.length != b) {
      throw ModelErrors.batchMismatch("targets", targets.length, b);
    }
    for (int r = 0; r < b; r++) {
      if (targets[r] == null || targets[r].length != t) {
        throw ModelErrors.raggedBlock(r, targets[r] == null ? 0 : targets[r].length, t);
      }
      for (int p = 0; p < t; p++) {
        int tgt = targets[r][p];
        if (tgt < -1 || tgt >= cfg.outputVocab()) {
          throw ModelErrors.targetOutOfVocab(r, p, tgt, cfg.outputVocab());
        }
      }
    }
  }
}
