package io.megaspark.chunking.tokenize;

import io.megaspark.chunking.ChunkingErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens a byte range of a local file as a stream, or straight as a framed token stream. */
public final class FileRanges {
  private FileRanges() {}

  /**
   * The bytes of {@code range} as a stream.
   *
   * @throws io.megaspark.chunking.BadRecordException (reason UNREADABLE, naming the path) if the file
   *     cannot be opened or is shorter than the range
   */
  public static InputStream open(Path file, ByteRange range) {
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      if (channel.size() < range.end()) {
        long size = channel.size();
        channel.close();
        throw new IOException("file has " + size + " bytes, range " + range + " goes past its end");
      }
      channel.position(range.start());
      return new BoundedInputStream(Channels.newInputStream(channel), range.length());
    } catch (IOException e) {
      throw ChunkingErrors.unreadable(file.toString(), range.start(), e);
    }
  }

  /**
   * The token stream of one range, framed by its position: BOS only if it starts the file, EOS only if it
   * ends it. Ranges from {@link RangeSplitter} concatenate to the whole file's stream.
   */
  public static TokenSource tokenize(Tokenizer tokenizer, Path file, ByteRange range) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw ChunkingErrors.unreadable(file.toString(), 0, e);
    }
    return tokenizer.open(open(file, range), Framing.of(range, size));
  }

  /** Stops after a byte count. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;

    BoundedInputStream(InputStream in, long limit) {
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
