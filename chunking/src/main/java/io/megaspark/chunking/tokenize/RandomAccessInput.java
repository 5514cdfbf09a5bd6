package io.megaspark.chunking.tokenize;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Positioned reads from a file-like input: what {@link RangeSplitter} needs to look around a candidate
 * split point. A local file is {@link #of(Path)}; the jobs module adapts Hadoop's positioned reads.
 */
public interface RandomAccessInput extends Closeable {

  long size() throws IOException;

  /** Reads up to len bytes at position into dst[off, off + len); returns the count, or -1 at the end. */
  int read(long position, byte[] dst, int off, int len) throws IOException;

  /** Reads exactly len bytes at position, or fails. */
  default void readFully(long position, byte[] dst, int off, int len) throws IOException {
    for (int done = 0; done < len; ) {
      int n = read(position + done, dst, off + done, len - done);
      if (n < 0) {
        throw new EOFException(
            "end of input at byte " + (position + done) + " while reading " + len + " bytes at " + position);
      }
      done += n;
    }
  }

  /** A local file, read through a {@link FileChannel}. */
  static RandomAccessInput of(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    return new RandomAccessInput() {
      @Override
      public long size() throws IOException {
        return channel.size();
      }

      @Override
      public int read(long position, byte[] dst, int off, int len) throws IOException {
        return channel.read(ByteBuffer.wrap(dst, off, len), position);
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }
}
