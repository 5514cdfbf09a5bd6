package io.megaspark.jobs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Benchmark corpora of a given size: documents of a fixed byte length cut from real text (the sample
 * books), so a corpus of n tokens has n / docBytes documents and the per-partition batches fill the same
 * way at every size. That keeps the work per token constant across sizes, which is what a linearity
 * measurement needs. Only pure ASCII sources are used, so any cut is valid UTF-8 and one byte is one token
 * of the byte-level tokenizer.
 */
public final class BenchCorpus {
  private final byte[] text;

  private BenchCorpus(byte[] text) {
    this.text = text;
  }

  /** The ASCII text files of {@code dir}, concatenated (others are left out: a cut could split a character). */
  public static BenchCorpus fromDirectory(Path dir) {
    List<byte[]> parts = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
        byte[] b = Files.readAllBytes(f);
        if (isAscii(b)) {
          parts.add(b);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read benchmark text from " + dir, e);
    }
    int total = parts.stream().mapToInt(b -> b.length).sum();
    if (total == 0) {
      throw new IllegalArgumentException("no ASCII .txt files in " + dir + " to build a benchmark corpus from");
    }
    ByteBuffer all = ByteBuffer.allocate(total);
    parts.forEach(all::put);
    return new BenchCorpus(all.array());
  }

  /**
   * Writes {@code documents} files of {@code docBytes} bytes each into {@code dir} (created), document i
   * starting at a different offset of the text (read as a ring) so documents differ.
   */
  public Path write(Path dir, int documents, int docBytes) {
    try {
      Files.createDirectories(dir);
      byte[] doc = new byte[docBytes];
      for (int i = 0; i < documents; i++) {
        // A large odd stride spreads the starting offsets over the whole text.
        long start = (long) i * 1_000_003L % text.length;
        for (int j = 0; j < docBytes; j++) {
          doc[j] = text[(int) ((start + j) % text.length)];
        }
        Files.write(dir.resolve(String.format(Locale.ROOT, "doc-%06d.txt", i)), doc);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write benchmark corpus to " + dir, e);
    }
  }

  private static boolean isAscii(byte[] b) {
    try {
      StandardCharsets.US_ASCII.newDecoder().decode(ByteBuffer.wrap(b));
    } catch (CharacterCodingException e) {
      return false;
    }
    for (byte x : b) {
      if (x == 0) {
        return false;
      }
    }
    return true;
  }
}
