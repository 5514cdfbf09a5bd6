package io.megaspark.megalodon.train;

import io.megaspark.megalodon.model.StreamState;
import java.util.Arrays;
import java.util.List;

/**
 * Held-out evaluation in bits per byte: every document is streamed block by block through a
 * forward-only graph, one document per batch row (a row takes the next document when its own ends),
 * either with the state carried through the whole document or reset at every block (the comparison that
 * shows what long context buys). Losses are bucketed by the position of the predicting token.
 */
public final class HeldOutEvaluator {
  /** How the carried state is treated between blocks of one document. */
  public enum StateMode {
    CARRIED,
    RESET_EVERY_BLOCK
  }

  /**
   * @param buckets nats by position bucket
   * @param bytes source bytes covered by the evaluated targets
   */
  public record Result(PositionBuckets buckets, double bytes) {
    public double bitsPerByte() {
      return buckets.totalNats() / Math.log(2) / bytes;
    }

    public long tokens() {
      return buckets.totalCount();
    }
  }

  private HeldOutEvaluator() {}

  /**
   * @param session a forward-only session (its spec's batch is the number of rows used)
   * @param maxTokensPerDocument evaluate at most this many targets of each document (0 = all)
   */
  public static Result evaluate(TrainingSession session, ParameterSet weights, ParameterSet adapters,
      List<TokenDocument> documents, long maxTokensPerDocument, StateMode mode) {
    GraphSpec spec = session.spec();
    int rows = spec.batch();
    int t = spec.blockTokens();
    StreamState initial = StreamState.initial(spec.config());
    StreamState[] states = new StreamState[rows];
    int[] doc = new int[rows];
    long[] offset = new long[rows];
    Arrays.fill(doc, -1);
    int next = 0;
    PositionBuckets buckets = new PositionBuckets();
    double bytes = 0;
    while (true) {
      int[][] in = new int[rows][t];
      int[][] out = new int[rows][t];
      int[] valid = new int[rows];
      boolean any = false;
      for (int r = 0; r < rows; r++) {
        if (doc[r] < 0 && next < documents.size()) {
          doc[r] = next++;
          offset[r] = 0;
        }
        Arrays.fill(out[r], TrainingBatch.IGNORE);
        if (doc[r] < 0) {
          states[r] = initial;
          continue;
        }
        any = true;
        if (offset[r] == 0 || mode == StateMode.RESET_EVERY_BLOCK) {
          states[r] = initial;
        }
        valid[r] = fill(documents.get(doc[r]), offset[r], limit(documents.get(doc[r]), maxTokensPerDocument), in[r], out[r]);
      }
      if (!any) {
        return new Result(buckets, bytes);
      }
      StepResult res = session.run(weights, adapters, states, in, out, valid, 0);
      for (int r = 0; r < rows; r++) {
        if (doc[r] < 0) {
          continue;
        }
        TokenDocument d = documents.get(doc[r]);
        double bytesPerTarget = (double) d.byteCount() / (d.tokens().length - 1);
        for (int i = 0; i < t; i++) {
          if (out[r][i] != TrainingBatch.IGNORE) {
            buckets.add(offset[r] + i, res.nll()[r][i]);
            bytes += bytesPerTarget;
          }
        }
        states[r] = res.states()[r];
        offset[r] += t;
        if (offset[r] >= limit(d, maxTokensPerDocument)) {
          doc[r] = -1;
        }
      }
    }
  }

  /** Number of targets to evaluate in a document. */
  private static long limit(TokenDocument d, long max) {
    long targets = d.tokens().length - 1;
    return max > 0 ? Math.min(max, targets) : targets;
  }

  private static int fill(TokenDocument d, long offset, long targets, int[] in, int[] out) {
    int[] tok = d.tokens();
    int n = 0;
    for (int i = 0; i < in.length && offset + i < tok.length; i++) {
      in[i] = tok[(int) offset + i];
      n = i + 1;
      if (offset + i < targets) {
        out[i] = tok[(int) offset + i + 1];
      }
    }
    return n;
  }
}
