package io.megaspark.chunking.tokenize;

import java.io.IOException;
import java.io.InputStream;

/** Streams bytes as ids 0..255 straight into the caller's array: no per-token objects, one scratch buffer. */
final class ByteTokenSource extends FramedTokenSource {
  private static final int SCRATCH = 1 << 16;

  private final InputStream in;
  private final byte[] scratch;
  private long bytesRead;

  ByteTokenSource(InputStream in, Framing framing) {
    super(framing, ByteTokenizer.BOS, ByteTokenizer.EOS, in);
    this.in = in;
    this.scratch = new byte[SCRATCH];
  }

  @Override
  int readBody(int[] dst, int off, int len) throws IOException {
    int n;
    do {
      n = in.read(scratch, 0, Math.min(len, SCRATCH));
    } while (n == 0);
    if (n < 0) {
      return -1;
    }
    bytesRead += n;
    for (int i = 0; i < n; i++) {
      dst[off + i] = scratch[i] & 0xFF;
    }
    return n;
  }

  @Override
  public TokenizeStats stats() {
    return new TokenizeStats(bytesRead, tokens(), 0, 0);
  }
}
