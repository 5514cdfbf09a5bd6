package io.megaspark.jobs.testing;

import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.jobs.run.BlockModel;
import io.megaspark.jobs.run.BlockRequest;
import io.megaspark.jobs.run.BlockResult;
import java.util.Arrays;
import java.util.List;

/**
 * The score of a document computed without Spark and without the runner: the model called directly on the
 * whole stream BOS + text in one call (targets the next token, the last one EOS).
 */
public final class Oracle {
  private Oracle() {}

  /** Sum of -ln p over every predicted token of the text's stream. */
  public static <S> double nll(BlockModel<S> model, Tokenizer tokenizer, String text) {
    int[] body = tokenizer.encode(text);
    int n = body.length + 1;
    int c = model.info().chunkSize();
    int t = (n + c - 1) / c * c;
    int[] tokens = new int[t];
    int[] targets = new int[t];
    Arrays.fill(targets, -1);
    tokens[0] = tokenizer.bosId();
    System.arraycopy(body, 0, tokens, 1, body.length);
    for (int i = 0; i < n; i++) {
      targets[i] = i + 1 < n ? tokens[i + 1] : tokenizer.eosId();
    }
    BlockResult<S> out = model.forward(List.of(model.initialState()), new int[][] {tokens}, new int[] {n},
        new BlockRequest(false, new int[][] {targets}, false, false));
    double nll = 0;
    for (int i = 0; i < n; i++) {
      nll -= out.targetLogProbs()[0][i];
    }
    return nll;
  }
}
