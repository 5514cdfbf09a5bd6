package io.megaspark.udfs.document;

/**
 * How well the model predicts one document, as the score job reports it (docs/outputs.md): every token
 * after BOS is predicted, EOS included.
 *
 * @param nll sum of -ln p(token | context) over the predicted tokens, nats
 * @param tokens the text's tokens (BOS and EOS not counted)
 * @param bytes the text's UTF-8 length
 */
public record DocumentScore(double nll, long tokens, long bytes) {
  public DocumentScore {
    if (tokens < 0 || bytes < 0) {
      throw new IllegalArgumentException("tokens and bytes must be >= 0, got " + tokens + " and " + bytes);
    }
  }

  /** Predicted tokens: the text's tokens and EOS. */
  public long predicted() {
    return tokens + 1;
  }

  /** Perplexity, exp(nll / predicted). */
  public double ppl() {
    return Math.exp(nll / predicted());
  }

  /** Bits per UTF-8 byte, nll / ln 2 / bytes; null for an empty text (no bytes to spread it over). */
  public Double bitsPerByte() {
    return bytes == 0 ? null : nll / Math.log(2) / bytes;
  }
}
