package io.megaspark.chunking.tokenize;

/**
 * Where raw input bytes may be cut so that the two sides tokenize independently and their tokens
 * concatenate to exactly the tokens of the whole. One record per tokenizer family; {@link
 * Tokenizer#splitRule()} gives a tokenizer's rule and {@link RangeSplitter} uses it.
 */
public sealed interface SplitRule {

  /** Bytes a rule may read on each side of a candidate position. */
  int CONTEXT = 4;

  /**
   * Whether the input may be cut before byte {@code p}; bytes {@code buf[lo, hi)} are valid and the
   * caller supplies {@link #CONTEXT} bytes on each side of p where the input has them.
   */
  boolean isSplitPoint(byte[] buf, int p, int lo, int hi);

  /**
   * The byte tokenizer's rule: any byte is exact (ids are raw bytes); prefers the start of a UTF-8
   * character so each range is readable on its own, and accepts any byte inside a run of more than three
   * continuation bytes (no character is that long, so the input is not UTF-8 there anyway).
   */
  record CharacterBoundary() implements SplitRule {
    @Override
    public boolean isSplitPoint(byte[] buf, int p, int lo, int hi) {
      if (!Utf8.isContinuation(buf[p])) {
        return true;
      }
      for (int k = 1; k <= 3; k++) {
        if (p - k < lo || !Utf8.isContinuation(buf[p - k])) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * GPT-2 BPE's rule: a well-formed UTF-8 character ends at p, another starts there, and GPT-2's
   * pre-tokenizer cuts between them whatever surrounds them (see {@link Gpt2Boundaries}): for example
   * before the space of " word" after a non-space, or where letters meet digits or punctuation.
   */
  record Gpt2PieceBoundary() implements SplitRule {
    @Override
    public boolean isSplitPoint(byte[] buf, int p, int lo, int hi) {
      int a = Utf8.codePointBefore(buf, p, lo);
      if (a < 0) {
        return false;
      }
      int b = Utf8.codePointAt(buf, p, hi);
      return b >= 0 && Gpt2Boundaries.isSafe(a, b);
    }
  }
}
