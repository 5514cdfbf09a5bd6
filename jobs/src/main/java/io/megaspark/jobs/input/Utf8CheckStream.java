package io.megaspark.jobs.input;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes a document's bytes through while checking that they are well-formed UTF-8 (Unicode 15, table
 * 3-7: no overlong forms, no surrogates, nothing above U+10FFFF, no sequence cut off at the end); throws
 * {@link BadDocumentException} ({@link BadReason#INVALID_UTF8}) at the first malformed sequence, naming the
 * offset of its first byte. Constant memory.
 *
 * <p>Binary content and NUL bytes are chunking's call ({@code TextInspector.guard}, which reads before
 * this stream); this check covers what it leaves to the tokenizers: text that is not UTF-8 (Latin-1
 * files, truncated or corrupted characters). The byte tokenizer would keep such bytes and BPE would turn
 * them into U+FFFD; either way the document is not the text its author wrote, so it is a bad record.
 */
public final class Utf8CheckStream extends FilterInputStream {
  private final String path;
  private final long base;
  private long offset;
  /** Continuation bytes still expected, and the allowed range of the next one. */
  private int need;
  private int lo = 0x80;
  private int hi = 0xBF;
  private long sequenceStart;

  /**
   * @param path the file, for messages
   * @param base byte offset of the stream's first byte in that file
   */
  public Utf8CheckStream(InputStream in, String path, long base) {
    super(in);
    this.path = path;
    this.base = base;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n < 0) {
      if (need > 0) {
        throw bad(sequenceStart, "a multi-byte character is cut off at the end");
      }
      return n;
    }
    for (int i = 0; i < n; i++) {
      check(b[off + i] & 0xFF);
      offset++;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[(int) Math.min(Math.max(n, 1), 1 << 13)];
    long done = 0;
    while (done < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - done));
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  private void check(int x) {
    if (need > 0) {
      if (x < lo || x > hi) {
        throw bad(sequenceStart, String.format("byte 0x%02X at byte %d does not continue the character started"
            + " at byte %d (a file in Latin-1 or another 8-bit encoding? convert it to UTF-8)", x, base + offset,
            base + sequenceStart));
      }
      need--;
      lo = 0x80;
      hi = 0xBF;
      return;
    }
    sequenceStart = offset;
    if (x < 0x80) {
      return;
    }
    if (x >= 0xC2 && x <= 0xDF) {
      need = 1;
    } else if (x >= 0xE0 && x <= 0xEF) {
      need = 2;
      lo = x == 0xE0 ? 0xA0 : 0x80;
      hi = x == 0xED ? 0x9F : 0xBF;
    } else if (x >= 0xF0 && x <= 0xF4) {
      need = 3;
      lo = x == 0xF0 ? 0x90 : 0x80;
      hi = x == 0xF4 ? 0x8F : 0xBF;
    } else {
      throw bad(offset, String.format("byte 0x%02X cannot start a UTF-8 character (a file in Latin-1 or another"
          + " 8-bit encoding? convert it to UTF-8)", x));
    }
  }

  private BadDocumentException bad(long at, String detail) {
    return new BadDocumentException(new BadDocument(BadReason.INVALID_UTF8, path, null, base + at, detail));
  }
}
