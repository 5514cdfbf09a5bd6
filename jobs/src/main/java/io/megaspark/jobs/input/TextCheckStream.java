package io.megaspark.jobs.input;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes a document's bytes through while checking that they are text; throws {@link
 * BadDocumentException} at the first problem, naming its byte offset:
 *
 * <ul>
 *   <li>{@link BadReason#BINARY}: more than 10 percent suspicious bytes in the first {@value #WINDOW}
 *       bytes, counting control bytes (other than tab, newline, carriage return, form feed and escape;
 *       NUL included) and malformed UTF-8 sequences;
 *   <li>{@link BadReason#NUL_BYTE}: a 0x00 byte;
 *   <li>{@link BadReason#INVALID_UTF8}: a byte sequence that is not well-formed UTF-8 (Unicode table 3-7:
 *       no overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequence at the end).
 * </ul>
 *
 * Inside the first window the verdict waits until the window is complete (a binary file is reported as
 * binary, not by its first NUL); after it, problems are reported as soon as they are read. Constant memory.
 */
public final class TextCheckStream extends FilterInputStream {
  /** Bytes inspected for the binary verdict. */
  public static final int WINDOW = 8192;

  private final String path;
  private final long base;
  private long offset;
  private long suspicious;
  private BadDocument pending;
  /** Continuation bytes still expected, and the allowed range of the next one. */
  private int need;
  private int lo = 0x80;
  private int hi = 0xBF;
  private long sequenceStart;

  /**
   * @param path the file, for messages
   * @param base byte offset of the stream's first byte in that file
   */
  public TextCheckStream(InputStream in, String path, long base) {
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
      atEnd();
      return n;
    }
    for (int i = 0; i < n; i++) {
      check(b[off + i] & 0xFF);
      offset++;
      if (offset == WINDOW) {
        verdictOnWindow();
      }
    }
    return n;
  }

  private void check(int x) {
    if (x < 0x20 && x != '\t' && x != '\n' && x != '\r' && x != '\f' && x != 0x1B) {
      suspicious++;
    }
    if (x == 0) {
      report(BadReason.NUL_BYTE, offset, "byte 0x00");
    }
    if (need > 0) {
      if (x < lo || x > hi) {
        report(BadReason.INVALID_UTF8, sequenceStart, "truncated multi-byte sequence");
        need = 0;
        startSequence(x);
      } else {
        need--;
        lo = 0x80;
        hi = 0xBF;
      }
      return;
    }
    startSequence(x);
  }

  private void startSequence(int x) {
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
      report(BadReason.INVALID_UTF8, offset, String.format("byte 0x%02X cannot start a UTF-8 character", x));
    }
  }

  /** Remembers the first problem; inside the first window it is held until the binary verdict. */
  private void report(BadReason reason, long at, String detail) {
    if (reason == BadReason.INVALID_UTF8) {
      suspicious++;
    }
    if (pending == null) {
      pending = new BadDocument(reason, path, null, base + at, detail);
    }
    if (offset >= WINDOW) {
      throw new BadDocumentException(pending);
    }
  }

  private void verdictOnWindow() {
    if (suspicious * 10 > offset) {
      throw new BadDocumentException(new BadDocument(BadReason.BINARY, path, null, base,
          suspicious + " control bytes or malformed UTF-8 sequences in the first " + offset + " bytes"));
    }
    if (pending != null) {
      throw new BadDocumentException(pending);
    }
  }

  private void atEnd() {
    if (offset < WINDOW) {
      if (offset > 0) {
        verdictOnWindow();
      }
    }
    if (need > 0) {
      report(BadReason.INVALID_UTF8, sequenceStart, "truncated multi-byte sequence at the end");
      throw new BadDocumentException(pending);
    }
  }
}
