package io.megaspark.chunking.block;

import io.megaspark.chunking.tokenize.Tokenizer;
import io.megaspark.chunking.tokenize.Tokenizers;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Run in a child JVM with a small heap by {@link LargeInputTest}: streams a file through the tokenizer
 * and the block splitter and prints one line of results. {@code roundtrip} also decodes every block and
 * compares it with the file's bytes, read a second time.
 *
 * <p>Usage: {@code LargeInputProbe <tokenizer> <file> [roundtrip]}
 */
public final class LargeInputProbe {
  private LargeInputProbe() {}

  public static void main(String[] args) throws IOException {
    Tokenizer tokenizer = Tokenizers.byName(args[0]);
    Path file = Path.of(args[1]);
    boolean roundtrip = args.length > 2 && args[2].equals("roundtrip");
    BlockSpec spec = new BlockSpec(2048, 4);
    long start = System.nanoTime();
    long tokens = 0;
    long blocks = 0;
    long hash = 0;
    long mismatchAt = -1;
    long compared = 0;
    try (BlockSplitter splitter = new BlockSplitter("large", tokenizer.open(Files.newInputStream(file)), spec);
        InputStream again = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      while (splitter.hasNext()) {
        TokenBlock b = splitter.next();
        blocks++;
        for (int t : b.tokens()) {
          hash = hash * 31 + t;
        }
        tokens += b.tokens().length;
        if (roundtrip && mismatchAt < 0) {
          byte[] decoded = tokenizer.decodeBytes(b.tokens());
          byte[] expected = again.readNBytes(decoded.length);
          if (!Arrays.equals(decoded, expected)) {
            mismatchAt = compared;
          }
          compared += decoded.length;
        }
      }
      if (roundtrip && mismatchAt < 0 && again.read() >= 0) {
        mismatchAt = compared;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "tokens=%d blocks=%d hash=%d bytes=%d replacements=%d forced=%d roundtrip=%s seconds=%.2f mbps=%.1f%n",
          tokens, blocks, hash, splitter.stats().bytesRead(), splitter.stats().replacements(),
          splitter.stats().forcedSplits(), !roundtrip ? "skipped" : mismatchAt < 0 ? "ok" : "diff@" + mismatchAt,
          seconds, Files.size(file) / seconds / 1e6);
    }
  }
}
