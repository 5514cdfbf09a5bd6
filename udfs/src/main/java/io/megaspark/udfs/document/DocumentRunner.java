package io.megaspark.udfs.document;

import io.megaspark.chunking.text.Sentence;
import io.megaspark.chunking.text.SentenceSplitter;
import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.udfs.UdfErrors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores, embeds and summarizes one document at a time with a shared model: what Megaspark's SQL
 * functions compute per row. Each method gives the same numbers as the matching job for the same model,
 * block size and carry-state setting, because it feeds blocks as the jobs' runner does, asks for the same
 * outputs and folds them in the same order: bit for bit on the reference backend, and on TensorFlow when
 * the job runs one document per model call; to float32 rounding when TensorFlow batches several documents
 * (a batched matrix product may round differently from a one-row one). The jobs module's
 * FunctionsMatchJobsIT checks all three. Thread-safe: it holds only the shared model and settings.
 */
public final class DocumentRunner {
  /** Tokens per block when none is asked for: the largest multiple of the chunk up to 2048 (the jobs' rule). */
  static final int AUTO_BLOCK = 2048;

  private final DocumentModel model;
  private final Tokenizer tokenizer;
  private final int blockTokens;
  private final boolean carryState;

  /**
   * @param blockTokens T, a multiple of the model's chunk size, or 0 for the largest multiple up to 2048
   * @param where the model's name for messages
   */
  public DocumentRunner(DocumentModel model, int blockTokens, boolean carryState, String where) {
    int chunk = model.config().chunkSize();
    if (blockTokens < 0 || blockTokens % chunk != 0) {
      throw UdfErrors.badBlockTokens(blockTokens, chunk, where);
    }
    this.model = model;
    this.tokenizer = model.tokenizer();
    this.blockTokens = blockTokens == 0 ? Math.max(chunk, AUTO_BLOCK / chunk * chunk) : blockTokens;
    this.carryState = carryState;
  }

  /** T, the tokens per block this runner feeds. */
  public int blockTokens() {
    return blockTokens;
  }

  /**
   * The document's score. The sum runs over positions in stream order, EOS last, as the score job's fold
   * adds them, so the double result is the same bit for bit.
   */
  public DocumentScore score(String text) {
    int[] stream = BlockFeed.stream(tokenizer, text);
    double[] nll = {0};
    BlockFeed.run(model, stream, tokenizer.eosId(), blockTokens, carryState, true, false, false,
        (tokens, position, n, out) -> {
          for (int i = 0; i < n; i++) {
            nll[0] -= out.targetLogProbs()[i];
          }
        });
    return new DocumentScore(nll[0], stream.length - 1, text.getBytes(StandardCharsets.UTF_8).length);
  }

  /**
   * [D] the mean final hidden state over every fed position (BOS and the text's tokens): each block's
   * mean weighted by its length, summed in double, divided once, cast to float (the embed job's fold).
   */
  public float[] embed(String text) {
    int[] stream = BlockFeed.stream(tokenizer, text);
    double[] sum = new double[model.config().modelDim()];
    BlockFeed.run(model, stream, tokenizer.eosId(), blockTokens, carryState, false, false, true,
        (tokens, position, n, out) -> {
          for (int d = 0; d < sum.length; d++) {
            sum[d] += (double) out.hiddenMean()[d] * n;
          }
        });
    float[] e = new float[sum.length];
    for (int d = 0; d < e.length; d++) {
      e[d] = (float) (sum[d] / stream.length);
    }
    return e;
  }

  /**
   * An extractive summary: the k sentences (chunking's English splitter) whose mean hidden states best
   * represent the document's by maximal marginal relevance with weight {@code lambda}, verbatim and in
   * document order; fewer when the text has fewer sentences.
   */
  public List<String> summarize(String text, int k, double lambda) {
    List<Sentence> sentences = SentenceSplitter.english().split(text);
    SentencePooling pooling =
        new SentencePooling(sentences, model.config().modelDim(), TokenByteLengths.of(tokenizer));
    int[] stream = BlockFeed.stream(tokenizer, text);
    BlockFeed.run(model, stream, tokenizer.eosId(), blockTokens, carryState, false, true, false,
        (tokens, position, n, out) -> pooling.accept(tokens, out.hidden(), n));
    List<String> out = new ArrayList<>(k);
    for (int i : MarginalRelevance.select(pooling.sentences(), pooling.document(), k, lambda)) {
      out.add(sentences.get(i).text());
    }
    return out;
  }

  /** The text's token count under the model's tokenizer (BOS and EOS not counted). */
  public long tokens(String text) {
    return tokenizer.encode(text).length;
  }
}
