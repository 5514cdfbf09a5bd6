package io.megaspark.megalodon.train;

/**
 * One training or evaluation document, already tokenized (the jobs module does that with the
 * chunking tokenizers; this module knows only ids).
 *
 * @param id the document's name, used in messages and reports
 * @param tokens the token ids, including the tokenizer's BOS/EOS if it adds them; at least 2 (one target)
 * @param byteCount bytes of source text the tokens encode (the denominator of bits per byte)
 */
public record TokenDocument(String id, int[] tokens, long byteCount) {
  public TokenDocument {
    if (id == null) {
      throw new IllegalArgumentException("document id must not be null");
    }
    if (tokens.length < 2) {
      throw new IllegalArgumentException(
          "document '" + id + "' must have at least 2 tokens (one input and one target): tokens=" + tokens.length);
    }
    if (byteCount < 0) {
      throw new IllegalArgumentException("document '" + id + "': byte_count must be >= 0: " + byteCount);
    }
  }
}
