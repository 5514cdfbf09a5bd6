package io.megaspark.chunking.tokenize;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The byte-level tokenizer ({@code "bytes"}), the bundled model's: every UTF-8 byte is its own id 0..255,
 * BOS = 256, EOS = 257, ids 258 and 259 reserved, V = 260. Raw bytes are kept as they are, so invalid
 * UTF-8 round-trips exactly and a file can be cut into ranges at any byte.
 */
public final class ByteTokenizer implements Tokenizer {
  public static final String NAME = "bytes";
  public static final int BOS = 256;
  public static final int EOS = 257;
  /** Ids 258 and 259 are reserved (never produced by encoding; dropped by decoding). */
  public static final int VOCAB_SIZE = 260;

  static final ByteTokenizer INSTANCE = new ByteTokenizer();

  private ByteTokenizer() {}

  public static ByteTokenizer instance() {
    return INSTANCE;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int vocabSize() {
    return VOCAB_SIZE;
  }

  @Override
  public int bosId() {
    return BOS;
  }

  @Override
  public int eosId() {
    return EOS;
  }

  @Override
  public int[] encode(String text) {
    return encode(text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int[] encode(byte[] bytes) {
    int[] ids = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      ids[i] = bytes[i] & 0xFF;
    }
    return ids;
  }

  @Override
  public byte[] decodeBytes(int[] ids) {
    byte[] out = new byte[ids.length];
    int n = 0;
    for (int i = 0; i < ids.length; i++) {
      int id = ids[i];
      if (id < 0 || id >= VOCAB_SIZE) {
        throw new IllegalArgumentException(
            "token id " + id + " at index " + i + " is outside the bytes vocabulary [0, " + VOCAB_SIZE + ")");
      }
      if (id < 256) {
        out[n++] = (byte) id;
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  @Override
  public String decode(int[] ids) {
    return new String(decodeBytes(ids), StandardCharsets.UTF_8);
  }

  @Override
  public SplitRule splitRule() {
    return new SplitRule.CharacterBoundary();
  }

  @Override
  public TokenSource open(InputStream in, Framing framing) {
    return new ByteTokenSource(in, framing);
  }

  @Override
  public String toString() {
    return "ByteTokenizer[" + NAME + ", V=" + VOCAB_SIZE + "]";
  }
}
