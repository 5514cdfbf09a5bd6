package io.megaspark.chunking.text;

import io.megaspark.chunking.BadRecord;
import io.megaspark.chunking.BadRecordException;
import io.megaspark.chunking.ChunkingErrors;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Applies {@link BinaryDetector} to input streams. Two ways to use it, neither deciding the policy:
 *
 * <ul>
 *   <li>{@link #guard}: wrap the stream a tokenizer reads; it throws {@link BadRecordException} before
 *       handing out any byte of a binary head, and at the first NUL further on (the caller fails, or
 *       drops what it made of the record and counts a skip);
 *   <li>{@link #scan}: read a record through once and get its first {@link BadRecord}, if any, before
 *       processing it (costs one extra read; about 1 GB/s).
 * </ul>
 */
public final class TextInspector {
  private TextInspector() {}

  /** A stream that passes the bytes through and throws BadRecordException at the first sign of binary. */
  public static InputStream guard(InputStream in, String where) {
    return new Guarded(in, where);
  }

  /** Reads the stream to its end; the first bad record, or empty for text. Closes the stream. */
  public static Optional<BadRecord> scan(InputStream in, String where) {
    byte[] buf = new byte[1 << 16];
    try (InputStream g = guard(in, where)) {
      while (g.read(buf) >= 0) {
        // reading is the check
      }
      return Optional.empty();
    } catch (BadRecordException e) {
      return Optional.of(e.record());
    } catch (IOException e) {
      return Optional.of(ChunkingErrors.unreadable(where, 0, e).record());
    }
  }

  /** {@link #scan} of a local file; an unreadable file is a bad record of reason UNREADABLE. */
  public static Optional<BadRecord> scan(Path file) {
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (IOException e) {
      return Optional.of(ChunkingErrors.unreadable(file.toString(), 0, e).record());
    }
    return scan(in, file.toString());
  }

  /** Holds back the head until it is judged, then checks every later byte for NUL. */
  private static final class Guarded extends FilterInputStream {
    private final String where;
    private byte[] head;
    private int headLen;
    private int headPos;
    private long offset;

    Guarded(InputStream in, String where) {
      super(in);
      this.where = where;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (head == null) {
        judgeHead();
      }
      if (len == 0) {
        return 0;
      }
      if (headPos < headLen) {
        int n = Math.min(len, headLen - headPos);
        System.arraycopy(head, headPos, b, off, n);
        headPos += n;
        return n;
      }
      int n = in.read(b, off, len);
      if (n > 0) {
        int nul = BinaryDetector.indexOfNul(b, off, n);
        if (nul >= 0) {
          throw ChunkingErrors.badRecord(
              new BadRecord(BadRecord.Reason.NUL_BYTE, where, offset + nul - off));
        }
        offset += n;
      }
      return n;
    }

    private void judgeHead() throws IOException {
      head = new byte[BinaryDetector.HEAD_BYTES];
      headLen = in.readNBytes(head, 0, head.length);
      Optional<BadRecord> bad = BinaryDetector.inspectHead(head, headLen, where);
      if (bad.isPresent()) {
        throw ChunkingErrors.badRecord(bad.get());
      }
      offset = headLen;
    }

    @Override
    public long skip(long n) throws IOException {
      // Skipped bytes are not inspected; read them instead so a NUL cannot slip through.
      byte[] buf = new byte[(int) Math.min(n, 1 << 13)];
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

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
