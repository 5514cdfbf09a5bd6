package io.megaspark.chunking.tokenize;

import java.util.Objects;

/**
 * Which framing tokens a token stream carries. A whole document is BOS + tokens + EOS (MODEL.md 1.5); a
 * document cut into byte ranges puts BOS only before its first range and EOS only after its last, so the
 * ranges' streams concatenate to the document's stream.
 */
public enum Framing {
  DOCUMENT(true, true),
  FIRST_RANGE(true, false),
  MIDDLE_RANGE(false, false),
  LAST_RANGE(false, true);

  private final boolean bos;
  private final boolean eos;

  Framing(boolean bos, boolean eos) {
    this.bos = bos;
    this.eos = eos;
  }

  /** Whether the stream starts with BOS. */
  public boolean bos() {
    return bos;
  }

  /** Whether the stream ends with EOS. */
  public boolean eos() {
    return eos;
  }

  /** The framing of one byte range of a file of {@code fileSize} bytes. */
  public static Framing of(ByteRange range, long fileSize) {
    Objects.requireNonNull(range, "range");
    if (range.end() > fileSize) {
      throw new IllegalArgumentException(
          "range " + range + " ends after the end of the file (" + fileSize + " bytes)");
    }
    boolean first = range.start() == 0;
    boolean last = range.end() == fileSize;
    if (first) {
      return last ? DOCUMENT : FIRST_RANGE;
    }
    return last ? LAST_RANGE : MIDDLE_RANGE;
  }
}
