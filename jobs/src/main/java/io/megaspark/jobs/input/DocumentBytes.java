package io.megaspark.jobs.input;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

/** Opens a document's bytes, whole or from an offset, as a stream (files through Hadoop's file systems). */
public final class DocumentBytes {
  private DocumentBytes() {}

  /**
   * The bytes [start, end) of a document; end -1 = to the end.
   *
   * @throws IOException when the file cannot be opened or positioned
   */
  public static InputStream open(DocumentSource source, Configuration conf, long start, long end)
      throws IOException {
    if (source instanceof DocumentSource.FileText f) {
      Path p = new Path(f.path());
      FSDataInputStream in = p.getFileSystem(conf).open(p);
      if (start > 0) {
        in.seek(start);
      }
      return end < 0 ? in : new Bounded(in, end - start);
    }
    if (source instanceof DocumentSource.InlineText t) {
      byte[] b = t.text().getBytes(StandardCharsets.UTF_8);
      int from = (int) Math.min(start, b.length);
      int to = end < 0 ? b.length : (int) Math.min(end, b.length);
      return new ByteArrayInputStream(b, from, to - from);
    }
    throw new IllegalArgumentException("an invalid record has no bytes: " + source);
  }

  /** UTF-8 length of a document's text: the file size, or the encoded length of inline text. */
  public static long length(DocumentSource source) {
    if (source instanceof DocumentSource.FileText f) {
      return f.length();
    }
    if (source instanceof DocumentSource.InlineText t) {
      return utf8Length(t.text());
    }
    return 0;
  }

  /** UTF-8 length of a string without encoding it (a lone surrogate counts as '?', as the encoder writes). */
  public static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        n += 1;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** Stops after a byte count. */
  private static final class Bounded extends InputStream {
    private final InputStream in;
    private long remaining;

    Bounded(InputStream in, long limit) {
      this.in = in;
      this.remaining = limit;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
