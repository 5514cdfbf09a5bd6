package io.megaspark.chunking.tokenize;

import java.io.Closeable;
import java.io.IOException;
import java.util.Objects;

/**
 * The framing shared by both tokenizers' sources: BOS (if framed), the body tokens a subclass produces,
 * then EOS (if framed). Counts the tokens it hands out.
 */
abstract sealed class FramedTokenSource implements TokenSource permits ByteTokenSource, TextTokenSource {
  private enum Phase { BOS, BODY, EOS, DONE }

  private final Framing framing;
  private final int bosId;
  private final int eosId;
  private final Closeable input;
  private Phase phase;
  private long tokens;

  FramedTokenSource(Framing framing, int bosId, int eosId, Closeable input) {
    this.framing = Objects.requireNonNull(framing, "framing");
    this.bosId = bosId;
    this.eosId = eosId;
    this.input = Objects.requireNonNull(input, "input");
    this.phase = framing.bos() ? Phase.BOS : Phase.BODY;
  }

  /** Reads up to len body tokens (len >= 1); -1 when the body is exhausted. */
  abstract int readBody(int[] dst, int off, int len) throws IOException;

  @Override
  public final int read(int[] dst, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, dst.length);
    if (len == 0) {
      return 0;
    }
    while (true) {
      switch (phase) {
        case BOS -> {
          phase = Phase.BODY;
          return emitOne(dst, off, bosId);
        }
        case BODY -> {
          int r = readBody(dst, off, len);
          if (r >= 0) {
            tokens += r;
            return r;
          }
          phase = framing.eos() ? Phase.EOS : Phase.DONE;
        }
        case EOS -> {
          phase = Phase.DONE;
          return emitOne(dst, off, eosId);
        }
        default -> {
          return -1;
        }
      }
    }
  }

  private int emitOne(int[] dst, int off, int id) {
    dst[off] = id;
    tokens++;
    return 1;
  }

  final long tokens() {
    return tokens;
  }

  @Override
  public final Framing framing() {
    return framing;
  }

  @Override
  public void close() throws IOException {
    phase = Phase.DONE;
    input.close();
  }
}
