package io.megaspark.chunking.tokenize;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Streams BPE tokens of a UTF-8 input in bounded memory. Text is decoded into a window of at most
 * {@code pieceChars} chars, cut at the last position where GPT-2's pre-tokenizer always cuts ({@link
 * Gpt2Boundaries}), and the part before the cut is encoded as one string; the rest waits for more input.
 * Because no BPE merge crosses such a cut, the tokens equal those of encoding the whole text at once.
 *
 * <p>A window with no safe cut at all (a run of letters longer than {@code pieceChars}, say a 100 MB line
 * of letters) is cut anyway after {@code forcedChars} chars, never inside a surrogate pair; each such
 * forced cut is counted in {@link TokenizeStats#forcedSplits()}, and only there may the tokens differ from
 * whole-string encoding (the text still decodes back exactly). Forced pieces are short because jtokkit's
 * BPE slows down superlinearly on one long piece (measured: about 0.1 MB/s on a 64 K-letter piece, 0.6
 * MB/s on 4 K, 2 MB/s on 256). At the end of the input the rest of the window (at most pieceChars chars)
 * is encoded whole, which is exact.
 * A window is scanned for cuts only where it has not been scanned before, so a long run costs linear time.
 */
final class TextTokenSource extends FramedTokenSource {
  private final Utf8Reader reader;
  private final Gpt2Tokenizer tokenizer;
  private final char[] text;
  private final int forcedChars;
  private int textLen;
  /** Cut positions below this were judged unsafe already (a long run without cuts is scanned once). */
  private int scannedFrom = 0;
  private boolean textEnd;
  private int[] pending = new int[1024];
  private int pendingLen;
  private int pendingPos;
  private long forcedSplits;

  TextTokenSource(InputStream in, Framing framing, Gpt2Tokenizer tokenizer, int pieceChars, int forcedChars) {
    super(framing, tokenizer.bosId(), tokenizer.eosId(), in);
    if (pieceChars < 2 || forcedChars < 2 || forcedChars > pieceChars) {
      throw new IllegalArgumentException("pieceChars: " + pieceChars + ", forcedChars: " + forcedChars
          + ", must be 2 <= forcedChars <= pieceChars");
    }
    this.forcedChars = forcedChars;
    this.reader = new Utf8Reader(in);
    this.tokenizer = tokenizer;
    // One char beyond the piece so a cut at the piece's end can see the code point after it.
    this.text = new char[pieceChars + 1];
  }

  @Override
  int readBody(int[] dst, int off, int len) throws IOException {
    while (pendingPos == pendingLen) {
      if (!encodeNextPiece()) {
        return -1;
      }
    }
    int n = Math.min(len, pendingLen - pendingPos);
    System.arraycopy(pending, pendingPos, dst, off, n);
    pendingPos += n;
    return n;
  }

  /** Encodes the next piece of text into {@code pending}; false when the text is exhausted. */
  private boolean encodeNextPiece() throws IOException {
    while (!textEnd && textLen < text.length) {
      int n = reader.read(text, textLen, text.length - textLen);
      if (n < 0) {
        textEnd = true;
      } else {
        textLen += n;
      }
    }
    if (textLen == 0) {
      return false;
    }
    pendingLen = 0;
    pendingPos = 0;
    int cut = textEnd ? textLen : Gpt2Boundaries.lastSafeSplit(text, scannedFrom, textLen);
    if (cut >= 0) {
      append(tokenizer.encode(new String(text, 0, cut)));
    } else {
      // Positions up to textLen - 2 are judged; the last one may still need the char after it.
      scannedFrom = Math.max(0, textLen - 2);
      cut = encodeForced();
    }
    System.arraycopy(text, cut, text, 0, textLen - cut);
    textLen -= cut;
    scannedFrom = Math.max(0, scannedFrom - cut);
    return true;
  }

  /**
   * Encodes the window, which has no safe cut, as pieces of forcedChars chars (one fewer where a surrogate
   * pair would be cut), leaving the last 1..forcedChars chars for the run's continuation. Returns the
   * chars consumed.
   */
  private int encodeForced() {
    int pos = 0;
    while (textLen - pos > forcedChars) {
      int end = pos + forcedChars;
      if (Character.isHighSurrogate(text[end - 1])) {
        end--;
      }
      append(tokenizer.encode(new String(text, pos, end - pos)));
      forcedSplits++;
      pos = end;
    }
    return pos;
  }

  private void append(int[] ids) {
    if (pendingLen + ids.length > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLen + ids.length));
    }
    System.arraycopy(ids, 0, pending, pendingLen, ids.length);
    pendingLen += ids.length;
  }

  @Override
  public TokenizeStats stats() {
    return new TokenizeStats(reader.bytesRead(), tokens(), reader.replacements(), forcedSplits);
  }
}
