package io.megaspark.chunking.tokenize;

/**
 * What a token source has done so far.
 *
 * @param bytesRead input bytes consumed
 * @param tokens tokens produced, framing included
 * @param replacements malformed UTF-8 sequences replaced by U+FFFD (always 0 for the byte tokenizer, which
 *     keeps raw bytes)
 * @param forcedSplits places where BPE had to cut text that has no safe split point for longer than its
 *     piece limit (a huge run of letters, say): there the tokens may differ from whole-string encoding
 */
public record TokenizeStats(long bytesRead, long tokens, long replacements, long forcedSplits) {
  public TokenizeStats {
    if (bytesRead < 0 || tokens < 0 || replacements < 0 || forcedSplits < 0) {
      throw new IllegalArgumentException(
          "stats must be >= 0, got bytesRead=" + bytesRead + " tokens=" + tokens + " replacements="
              + replacements + " forcedSplits=" + forcedSplits);
    }
  }
}
