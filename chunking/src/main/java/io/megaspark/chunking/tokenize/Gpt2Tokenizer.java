package io.megaspark.chunking.tokenize;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * GPT-2's byte-level BPE ({@code "gpt2"}) through jtokkit's {@code r50k_base} encoding, which has GPT-2's
 * 50,257 ids and pre-tokenizer regex. BOS = EOS = 50256 ({@code <|endoftext|>}), as in GPT-2. Text is
 * encoded as ordinary text: the string "<|endoftext|>" inside a document is spelled out, never turned into
 * the special id, so documents cannot forge framing.
 */
public final class Gpt2Tokenizer implements Tokenizer {
  public static final String NAME = "gpt2";
  public static final int END_OF_TEXT = 50256;
  public static final int VOCAB_SIZE = 50257;
  /** Chars encoded per piece when streaming: about 64 K, so memory stays bounded on any input. */
  public static final int PIECE_CHARS = 1 << 16;
  /**
   * Chars per piece where text has no safe cut for PIECE_CHARS chars (see TextTokenSource): at most 500
   * bytes, jtokkit's threshold for its faster small-piece encoder.
   */
  public static final int FORCED_PIECE_CHARS = 256;

  private static final class Holder {
    // Lazy: loading the ranks takes ~100 ms and only gpt2 users pay for it.
    static final Gpt2Tokenizer INSTANCE =
        new Gpt2Tokenizer(Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.R50K_BASE));
  }

  private final Encoding encoding;

  private Gpt2Tokenizer(Encoding encoding) {
    this.encoding = encoding;
  }

  public static Gpt2Tokenizer instance() {
    return Holder.INSTANCE;
  }

  /** jtokkit's encoding itself, for comparisons (the benchmark measures it directly). */
  public Encoding encoding() {
    return encoding;
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
    return END_OF_TEXT;
  }

  @Override
  public int eosId() {
    return END_OF_TEXT;
  }

  @Override
  public int[] encode(String text) {
    return encoding.encodeOrdinary(text).toArray();
  }

  @Override
  public int[] encode(byte[] bytes) {
    return encode(new String(bytes, StandardCharsets.UTF_8));
  }

  @Override
  public byte[] decodeBytes(int[] ids) {
    IntArrayList text = new IntArrayList(ids.length);
    for (int i = 0; i < ids.length; i++) {
      int id = ids[i];
      if (id < 0 || id >= VOCAB_SIZE) {
        throw new IllegalArgumentException(
            "token id " + id + " at index " + i + " is outside the gpt2 vocabulary [0, " + VOCAB_SIZE + ")");
      }
      if (id != END_OF_TEXT) {
        text.add(id);
      }
    }
    return encoding.decodeBytes(text);
  }

  @Override
  public String decode(int[] ids) {
    return new String(decodeBytes(ids), StandardCharsets.UTF_8);
  }

  @Override
  public SplitRule splitRule() {
    return new SplitRule.Gpt2PieceBoundary();
  }

  @Override
  public TokenSource open(InputStream in, Framing framing) {
    return new TextTokenSource(in, framing, this, PIECE_CHARS, FORCED_PIECE_CHARS);
  }

  /** {@link #open} with smaller piece limits, to exercise forced cuts in tests. */
  TokenSource open(InputStream in, Framing framing, int pieceChars) {
    return new TextTokenSource(in, framing, this, pieceChars, Math.min(pieceChars, FORCED_PIECE_CHARS));
  }

  @Override
  public String toString() {
    return "Gpt2Tokenizer[" + NAME + ", r50k_base, V=" + VOCAB_SIZE + "]";
  }
}
