package io.megaspark.chunking.tokenize;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a UTF-8 byte stream to chars, replacing each malformed sequence by U+FFFD exactly as {@code new
 * String(bytes, UTF_8)} does, and counting the replacements (a U+FFFD present in the input is not
 * counted). Holds one 64 KB byte buffer whatever the input size.
 */
final class Utf8Reader {
  static final char REPLACEMENT = '\uFFFD';
  private static final int BUFFER = 1 << 16;

  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER).flip();
  private final char[] pair = new char[2];
  /** The second char decoded by a one-char read, handed out by the next read. */
  private char carry;
  private boolean hasCarry;
  private boolean eof;
  private long bytesRead;
  private long replacements;

  Utf8Reader(InputStream in) {
    this.in = in;
  }

  /**
   * Reads up to len chars (len >= 1); returns how many (at least 1), or -1 at the end of the input. A
   * surrogate pair that does not fit is split across two calls, so any len works.
   */
  int read(char[] dst, int off, int len) throws IOException {
    if (len < 1) {
      throw new IllegalArgumentException("len: " + len + ", must be >= 1");
    }
    if (hasCarry) {
      dst[off] = carry;
      hasCarry = false;
      return 1;
    }
    if (len == 1) {
      int n = decodeInto(pair, 0, 2);
      if (n == 2) {
        carry = pair[1];
        hasCarry = true;
      }
      if (n > 0) {
        dst[off] = pair[0];
        return 1;
      }
      return n;
    }
    return decodeInto(dst, off, len);
  }

  /** Decodes up to len >= 2 chars (room for any code point). */
  private int decodeInto(char[] dst, int off, int len) throws IOException {
    CharBuffer out = CharBuffer.wrap(dst, off, len);
    while (true) {
      CoderResult r = decoder.decode(bytes, out, eof);
      if (r.isError()) {
        if (!out.hasRemaining()) {
          break;
        }
        out.put(REPLACEMENT);
        bytes.position(bytes.position() + r.length());
        replacements++;
      } else if (r.isOverflow() || out.position() > off) {
        break;
      } else if (eof) {
        return -1;
      } else {
        fill();
      }
    }
    return out.position() - off;
  }

  private void fill() throws IOException {
    bytes.compact();
    int n;
    do {
      n = in.read(bytes.array(), bytes.position(), bytes.remaining());
    } while (n == 0);
    if (n < 0) {
      eof = true;
    } else {
      bytes.position(bytes.position() + n);
      bytesRead += n;
    }
    bytes.flip();
  }

  long bytesRead() {
    return bytesRead;
  }

  long replacements() {
    return replacements;
  }
}
