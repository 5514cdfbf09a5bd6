package io.megaspark.udfs.document;

import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.megalodon.model.StreamState;
import java.util.Arrays;

/**
 * Feeds one document through a {@link DocumentModel} block by block, carrying its state, exactly as the
 * jobs' runner feeds each row (DESIGN.md, "Data flow"): the fed stream is BOS followed by the text's
 * tokens; every block holds T tokens except the last, which holds the 1..T that remain and is padded to T
 * (padding is token 0 with no target, and changes neither outputs nor state); each position's target is
 * the next token, EOS for the last one (EOS itself is never fed). With {@code carryState = false} every
 * block after the first starts from the initial state: the ablation that shows what carried state buys.
 */
final class BlockFeed {

  /** What a caller does with each block's outputs. */
  interface BlockSink {
    /**
     * @param tokens [T] the block's tokens, valid in [0, length)
     * @param position stream position of {@code tokens[0]} (BOS is position 0)
     * @param length the block's valid tokens
     * @param out the model's outputs for the block
     */
    void accept(int[] tokens, long position, int length, RowOutput out);
  }

  private BlockFeed() {}

  /** BOS followed by the text's tokens: what the model reads. */
  static int[] stream(Tokenizer tokenizer, String text) {
    int[] body = tokenizer.encode(text);
    int[] s = new int[body.length + 1];
    s[0] = tokenizer.bosId();
    System.arraycopy(body, 0, s, 1, body.length);
    return s;
  }

  /**
   * Runs the stream block by block.
   *
   * @param stream BOS and the text's tokens (at least BOS)
   * @param eos the target of the last position
   * @param blockTokens T, a multiple of the model's chunk size
   * @param targets whether to ask for target log-probabilities
   * @param hidden whether to ask for every position's hidden state
   * @param hiddenMean whether to ask for the block's mean hidden state
   */
  static void run(DocumentModel model, int[] stream, int eos, int blockTokens, boolean carryState,
      boolean targets, boolean hidden, boolean hiddenMean, BlockSink sink) {
    StreamState initial = model.initialState();
    StreamState state = initial;
    for (int start = 0; start < stream.length; start += blockTokens) {
      int n = Math.min(blockTokens, stream.length - start);
      int[] tokens = new int[blockTokens];
      System.arraycopy(stream, start, tokens, 0, n);
      int[] next = null;
      if (targets) {
        next = new int[blockTokens];
        Arrays.fill(next, -1);
        for (int i = 0; i < n; i++) {
          int p = start + i + 1;
          next[i] = p < stream.length ? stream[p] : eos;
        }
      }
      StreamState in = carryState ? state : initial;
      RowOutput out = model.forward(in, tokens, n, new RowRequest(next, hidden, hiddenMean));
      sink.accept(tokens, start, n, out);
      state = out.state();
    }
  }
}
