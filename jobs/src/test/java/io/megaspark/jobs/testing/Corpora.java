package io.megaspark.jobs.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Seeded random corpora for job tests. */
public final class Corpora {
  private static final String ALPHABET = "abcdefghij klmnop qrstuvwxyz.,\n ABC éü—";

  private Corpora() {}

  /** Random text of {@code length} characters (some multi-byte). */
  public static String text(Random r, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  /** Writes {@code n} text files of 0..maxChars characters under dir; returns id (file name) to text. */
  public static Map<String, String> textFiles(Path dir, long seed, int n, int maxChars) throws IOException {
    Files.createDirectories(dir);
    Random r = new Random(seed);
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String id = String.format("doc%03d.txt", i);
      String t = text(r, i == 0 ? 0 : r.nextInt(maxChars + 1));
      Files.writeString(dir.resolve(id), t, StandardCharsets.UTF_8);
      out.put(id, t);
    }
    return out;
  }
}
