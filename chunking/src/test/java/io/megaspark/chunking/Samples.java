package io.megaspark.chunking;

import java.io.IOException;
import java.io.UncheckedIOException;
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

  public static byte[] bytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
